package dev.harbourmaster.lambdaruntime;

import dev.harbourmaster.template.SamTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function of template.yaml as Lambda configures it: its Handler, memory, timeout, log format and
 * environment (the Globals' with the function's own), each read as CloudFormation would give it
 * ({@code !Ref}s resolved from {@code refs} and the parameters' defaults).
 */
public record LambdaFunction(String logicalId, String handler, int memoryMb, int timeoutSeconds, String logFormat,
                             Map<String, String> environment) {

    static final String TYPE = "AWS::Serverless::Function";
    /** The only runtime this runner reproduces. */
    static final String RUNTIME = "java21";

    /** This function with these variables added to its environment (what a stack's parameters or the network add). */
    public LambdaFunction withEnvironment(Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(added);
        return new LambdaFunction(logicalId, handler, memoryMb, timeoutSeconds, logFormat, merged);
    }

    /** The logical ids of the template's functions, in template order. */
    public static List<String> logicalIds(SamTemplate template) {
        return template.resourcesOfType(TYPE);
    }

    public static LambdaFunction of(SamTemplate template, String logicalId, Map<String, String> refs) {
        if (!logicalIds(template).contains(logicalId)) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId + "; its functions are "
                    + String.join(", ", logicalIds(template)));
        }
        String runtime = text(template, logicalId, "Runtime");
        if (!RUNTIME.equals(runtime)) {
            throw new IllegalArgumentException(logicalId + " runs on " + runtime + "; only " + RUNTIME + " is reproduced here");
        }
        String handler = text(template, logicalId, "Handler");
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException(logicalId + " has no Handler in template.yaml");
        }
        Object logging = template.functionProperty(logicalId, "LoggingConfig").orElse(Map.of());
        String logFormat = logging instanceof Map<?, ?> config && config.get("LogFormat") != null
                ? String.valueOf(config.get("LogFormat")) : "Text";
        return new LambdaFunction(logicalId, handler, number(template, logicalId, "MemorySize", 128),
                number(template, logicalId, "Timeout", 3), logFormat, template.functionEnvironment(logicalId, refs));
    }

    private static String text(SamTemplate template, String logicalId, String property) {
        return template.functionProperty(logicalId, property).map(String::valueOf).orElse(null);
    }

    /** A number property, or Lambda's default when neither the function nor the Globals set it. */
    private static int number(SamTemplate template, String logicalId, String property, int lambdaDefault) {
        Object value = template.functionProperty(logicalId, property).orElse(lambdaDefault);
        try {
            return Integer.parseInt(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(logicalId + " " + property + " is " + value + ", not a number", e);
        }
    }
}
