package dev.harbourmaster.manifest;

import dev.harbourmaster.support.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value read from YAML together with its path in the file, so that every problem can say
 * where it is (environments[1].cluster: missing). Problems are collected, never thrown.
 */
final class YamlNode {

    private final String path;
    private final Object value;
    private final List<String> problems;

    YamlNode(String path, Object value, List<String> problems) {
        this.path = path;
        this.value = value;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return value == null;
    }

    /** A number as YAML read it (digits without quotes): its text is no longer the one in the file. */
    boolean isNumber() {
        return value instanceof Number;
    }

    void problem(String message) {
        problems.add((path.isEmpty() ? "(top)" : path) + ": " + message);
    }

    YamlNode get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        return new YamlNode(childPath, value instanceof Map<?, ?> map ? map.get(key) : null, problems);
    }

    /** A mapping, reporting keys that are not among {@code known} (usually typos). */
    boolean requireMap(List<String> known) {
        if (value == null) {
            problem("missing");
            return false;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("must be a mapping (key: value), found " + describe(value));
            return false;
        }
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                get(String.valueOf(key)).problem("unknown key; expected one of " + String.join(", ", known)
                        + Suggest.didYouMean(String.valueOf(key), known));
            }
        }
        return true;
    }

    /** A mapping's keys, in the file's order: none when it is missing or not a mapping (said so). */
    List<String> keys() {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("must be a mapping (key: value), found " + describe(value));
            return List.of();
        }
        return map.keySet().stream().map(String::valueOf).toList();
    }

    List<YamlNode> list(boolean required) {
        if (value == null) {
            if (required) {
                problem("missing");
            }
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            problem("must be a list, found " + describe(value));
            return List.of();
        }
        if (required && items.isEmpty()) {
            problem("must not be empty");
        }
        List<YamlNode> nodes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            nodes.add(new YamlNode(path + "[" + i + "]", items.get(i), problems));
        }
        return nodes;
    }

    String string(boolean required) {
        if (value == null) {
            if (required) {
                problem("missing");
            }
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problem("must be a text value, found " + describe(value));
            return null;
        }
        String text = String.valueOf(value).trim();
        if (required && text.isEmpty()) {
            problem("must not be empty");
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    boolean bool(boolean defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem("must be true or false, found " + describe(value));
        return defaultValue;
    }

    private static String describe(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
