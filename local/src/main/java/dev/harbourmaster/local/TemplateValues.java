package dev.harbourmaster.local;

import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.template.SamTemplate.Intrinsic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of template.yaml as CloudFormation would make them for some parameters, for the parts local
 * mode reads beyond a function's environment (the notification rules): !Ref, !GetAtt, !Sub (with its
 * variable map), !If and the Conditions (!Equals, !Not, !And, !Or, !Condition), AWS::NoValue left
 * out. A !Ref takes the value given (resources, parameters, pseudo parameters), else the parameter's
 * Default; anything else (another function, an unknown name) is refused, naming where it is.
 */
final class TemplateValues {

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    private final SamTemplate template;
    private final Map<String, String> refs;

    /** @param refs the values of names a !Ref or !GetAtt ("Logical.Attribute") may take, parameters included */
    TemplateValues(SamTemplate template, Map<String, String> refs) {
        this.template = template;
        this.refs = Map.copyOf(refs);
    }

    /** The value, resolved all the way down; null for AWS::NoValue. */
    Object value(Object value, String where) {
        Object resolved = resolve(value, where);
        return resolved == NO_VALUE ? null : resolved;
    }

    /** A value that must be a string (an !If may choose it, a !Sub build it). */
    String text(Object value, String where) {
        Object resolved = value(value, where);
        if (resolved instanceof Map<?, ?> || resolved instanceof List<?>) {
            throw new IllegalStateException("template.yaml: " + where + " is not a string: " + resolved);
        }
        return resolved == null ? null : String.valueOf(resolved);
    }

    /** Whether a resource exists for these parameters (one without a Condition always does). */
    boolean exists(String logicalId) {
        return template.resourceCondition(logicalId).map(c -> condition(c, logicalId + " Condition")).orElse(true);
    }

    boolean condition(String name, String where) {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalStateException("template.yaml: " + where + " names the condition " + name + ", which Conditions lacks");
        }
        return holds(definition, "condition " + name);
    }

    private boolean holds(Object definition, String where) {
        Intrinsic function = SamTemplate.intrinsic(definition).orElseThrow(() ->
                new IllegalStateException("template.yaml: " + where + " is not a condition function: " + definition));
        List<?> arguments = function.argument() instanceof List<?> list ? list : List.of(function.argument());
        return switch (function.function()) {
            case "Equals" -> String.valueOf(value(arguments.get(0), where)).equals(String.valueOf(value(arguments.get(1), where)));
            case "Not" -> !holds(arguments.get(0), where);
            case "And" -> arguments.stream().allMatch(a -> holds(a, where));
            case "Or" -> arguments.stream().anyMatch(a -> holds(a, where));
            case "Condition" -> condition(String.valueOf(function.argument()), where);
            default -> throw new IllegalStateException("template.yaml: " + where + " uses !" + function.function()
                    + ", which local mode does not evaluate");
        };
    }

    private Object resolve(Object value, String where) {
        Optional<Intrinsic> intrinsic = SamTemplate.intrinsic(value);
        if (intrinsic.isPresent()) {
            return function(intrinsic.get(), where);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object r = resolve(v, where + "." + k);
                if (r != NO_VALUE) {
                    resolved.put(String.valueOf(k), r);
                }
            });
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object r = resolve(item, where);
                if (r != NO_VALUE) {
                    resolved.add(r);
                }
            }
            return resolved;
        }
        return value;
    }

    private Object function(Intrinsic function, String where) {
        Object argument = function.argument();
        return switch (function.function()) {
            case "Ref" -> "AWS::NoValue".equals(argument) ? NO_VALUE : name(String.valueOf(argument), where);
            case "GetAtt" -> name(argument instanceof List<?> l ? l.get(0) + "." + l.get(1) : String.valueOf(argument), where);
            case "If" -> {
                List<?> branches = (List<?>) argument;
                yield resolve(condition(String.valueOf(branches.get(0)), where) ? branches.get(1) : branches.get(2), where);
            }
            case "Sub" -> substitute(argument, where);
            default -> throw new IllegalStateException("template.yaml: " + where + " uses !" + function.function()
                    + ", which local mode does not evaluate");
        };
    }

    private String substitute(Object argument, String where) {
        String text;
        Map<String, Object> variables = new LinkedHashMap<>();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            if (list.size() > 1 && list.get(1) instanceof Map<?, ?> map) {
                map.forEach((k, v) -> variables.put(String.valueOf(k), v));
            }
        } else {
            text = String.valueOf(argument);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}"; // ${!Literal} is written as ${Literal}
            } else if (variables.containsKey(m.group(2))) {
                replacement = text(variables.get(m.group(2)), where + " ${" + m.group(2) + "}");
                replacement = replacement == null ? "" : replacement;
            } else {
                replacement = name(m.group(2), where);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String name(String name, String where) {
        if (refs.containsKey(name)) {
            return refs.get(name);
        }
        return template.parameterDefault(name).orElseThrow(() -> new IllegalStateException("template.yaml: " + where
                + " names " + name + ", which local mode cannot know (known: " + String.join(", ", refs.keySet())
                + " and the parameters' defaults)"));
    }
}
