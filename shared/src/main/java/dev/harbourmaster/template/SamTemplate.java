package dev.harbourmaster.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml, read by the tools that run the system without CloudFormation (the emulator's
 * table, local invocation), so that the template stays the one description of it.
 */
public final class SamTemplate {

    private final Map<String, Object> resources;

    private SamTemplate(Map<String, Object> template) {
        this.resources = map(template, "Resources");
    }

    public static SamTemplate read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static SamTemplate parse(String text) {
        Object template = new Yaml(new CloudFormationConstructor()).load(text);
        return new SamTemplate(template instanceof Map<?, ?> ? cast(template) : Map.of());
    }

    /** The Properties of a resource; fails naming the resource when the template has none. */
    public Map<String, Object> properties(String logicalId) {
        Object resource = resources.get(logicalId);
        if (!(resource instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("template.yaml has no resource named " + logicalId
                    + "; its resources are " + String.join(", ", resources.keySet()));
        }
        return map(cast(resource), "Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> ? cast(value) : Map.of();
    }

    /** Reads CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt …) as plain values. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return constructScalar(scalar);
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }
}
