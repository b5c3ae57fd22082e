package dev.harbourmaster.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * A CloudFormation intrinsic function as the template writes it, e.g. {@code !Ref Table} is
     * {@code Intrinsic("Ref", "Table")} and {@code !GetAtt Table.StreamArn} is
     * {@code Intrinsic("GetAtt", "Table.StreamArn")}. Only the raw view ({@link #rawProperties}, {@link
     * #functionEnvironment}) keeps them; {@link #properties} reads them as their plain argument.
     */
    public record Intrinsic(String function, Object argument) {}

    private final Map<String, Object> resources;
    private final Map<String, Object> raw;

    private SamTemplate(Map<String, Object> template, Map<String, Object> raw) {
        this.resources = map(template, "Resources");
        this.raw = raw;
    }

    public static SamTemplate read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static SamTemplate parse(String text) {
        Object template = new Yaml(new CloudFormationConstructor(false)).load(text);
        Object raw = new Yaml(new CloudFormationConstructor(true)).load(text);
        return new SamTemplate(template instanceof Map<?, ?> ? cast(template) : Map.of(),
                raw instanceof Map<?, ?> ? cast(raw) : Map.of());
    }

    /** The logical ids of the resources of a type (e.g. AWS::Serverless::Function), in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        map(raw, "Resources").forEach((id, resource) -> {
            if (resource instanceof Map<?, ?> r && type.equals(r.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Whether a resource exists only under a condition (the template's optional extras, such as the dashboard). */
    public boolean isConditional(String logicalId) {
        Object resource = map(raw, "Resources").get(logicalId);
        return resource instanceof Map<?, ?> r && r.get("Condition") != null;
    }

    /** The Condition a resource exists under, if any. */
    public Optional<String> resourceCondition(String logicalId) {
        Object resource = map(raw, "Resources").get(logicalId);
        return resource instanceof Map<?, ?> r && r.get("Condition") != null ? Optional.of(String.valueOf(r.get("Condition")))
                : Optional.empty();
    }

    /** The Type of a resource, if the template has it. */
    public Optional<String> resourceType(String logicalId) {
        Object resource = map(raw, "Resources").get(logicalId);
        return resource instanceof Map<?, ?> r && r.get("Type") != null ? Optional.of(String.valueOf(r.get("Type")))
                : Optional.empty();
    }

    /** The template's Conditions, their functions kept as {@link Intrinsic}s. */
    public Map<String, Object> conditions() {
        return map(raw, "Conditions");
    }

    /** The Properties of a resource with its intrinsic functions kept as {@link Intrinsic}s. */
    public Map<String, Object> rawProperties(String logicalId) {
        Object resource = map(raw, "Resources").get(logicalId);
        if (!(resource instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("template.yaml has no resource named " + logicalId);
        }
        return map(cast(resource), "Properties");
    }

    /** The Default of a template parameter, if it has one. */
    public Optional<String> parameterDefault(String name) {
        Object parameter = map(raw, "Parameters").get(name);
        Object value = parameter instanceof Map<?, ?> p ? p.get("Default") : null;
        return Optional.ofNullable(value).map(String::valueOf);
    }

    /**
     * A function's environment variables as Lambda would set them: the Globals' (Function) with the
     * function's own added or overriding. Values are Strings or {@link Intrinsic}s.
     */
    public Map<String, Object> functionEnvironment(String logicalId) {
        Map<String, Object> variables = new LinkedHashMap<>(
                map(map(map(map(raw, "Globals"), "Function"), "Environment"), "Variables"));
        variables.putAll(map(map(rawProperties(logicalId), "Environment"), "Variables"));
        return variables;
    }

    /**
     * A function's environment as Lambda would set it ({@link #functionEnvironment}), with each
     * {@code !Ref} resolved: a resource or parameter named in {@code refs} takes that value, another
     * parameter its Default. Anything else cannot be known without CloudFormation and is refused, naming it.
     */
    public Map<String, String> functionEnvironment(String logicalId, Map<String, String> refs) {
        Map<String, String> resolved = new LinkedHashMap<>();
        functionEnvironment(logicalId).forEach((name, value) ->
                resolved.put(name, resolve(value, refs, logicalId + " environment variable " + name)));
        return resolved;
    }

    /** A value of the template: a plain value as it is, a {@code !Ref} as {@link #functionEnvironment(String, Map)} resolves it. */
    public String resolve(Object value, Map<String, String> refs, String where) {
        Optional<Intrinsic> intrinsic = intrinsic(value);
        if (intrinsic.isEmpty()) {
            return value == null ? null : String.valueOf(value);
        }
        Intrinsic function = intrinsic.get();
        if (function.function().equals("Ref")) {
            String name = String.valueOf(function.argument());
            if (refs.containsKey(name)) {
                return refs.get(name);
            }
            Optional<String> parameter = parameterDefault(name);
            if (parameter.isPresent()) {
                return parameter.get();
            }
        }
        throw new IllegalStateException("template.yaml: " + where + " is !" + function.function() + " "
                + function.argument() + ", which cannot be resolved without CloudFormation (known: "
                + String.join(", ", refs.keySet()) + " and the parameters' defaults)");
    }

    /** A function's property as Lambda gets it: the function's own, else the Globals' (Function). */
    public Optional<Object> functionProperty(String logicalId, String name) {
        Object own = rawProperties(logicalId).get(name);
        return Optional.ofNullable(own != null ? own : map(map(raw, "Globals"), "Function").get(name));
    }

    /** The intrinsic a value is, in short form ({@code !Ref X}) or long form ({@code {Ref: X}}, {@code {Fn::GetAtt: …}}). */
    public static Optional<Intrinsic> intrinsic(Object value) {
        if (value instanceof Intrinsic intrinsic) {
            return Optional.of(intrinsic);
        }
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            String key = String.valueOf(m.keySet().iterator().next());
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return Optional.of(new Intrinsic(key.startsWith("Fn::") ? key.substring(4) : key, m.get(key)));
            }
        }
        return Optional.empty();
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

    /**
     * Reads CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt …) as plain values, or, when
     * {@code keep}, as {@link Intrinsic}s.
     */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(boolean keep) {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return keep ? new Intrinsic(node.getTag().getValue().substring(1), value) : value;
                }
            });
        }
    }
}
