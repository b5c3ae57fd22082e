package dev.harbourmaster.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What differs in configuration between two revisions, one line per difference, for a person:
 * {@code +FEATURE_X} (a variable added), {@code ~LOG_LEVEL} (its value changed), {@code -OLD_FLAG}
 * (removed), {@code memory 512→1024}, {@code +secret DB_PASSWORD from arn:…}, {@code ports 8080/tcp→9090/tcp},
 * {@code ~command}, {@code +healthCheck}, {@code +container sidecar}. Where either revision has more than
 * one container, a container's lines begin with its name ({@code api: +FEATURE_X}). Values are never
 * in it: a variable's line says only that it changed, a secret's only where it is read from.
 */
public record ConfigChanges(List<String> lines) {

    public static final ConfigChanges NONE = new ConfigChanges(List.of());

    /** Lines kept on a record; more are counted in one last line ("… and 12 more"). */
    public static final int KEPT = 40;

    public ConfigChanges {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** The differences from {@code before} to {@code after}; none when either is unknown. */
    public static ConfigChanges between(ConfigFingerprint before, ConfigFingerprint after) {
        if (before == null || after == null) {
            return NONE;
        }
        List<String> lines = new ArrayList<>();
        changed(lines, "", "cpu", before.cpu(), after.cpu());
        changed(lines, "", "memory", before.memory(), after.memory());
        Set<String> names = new LinkedHashSet<>();
        before.containers().forEach(c -> names.add(c.name()));
        after.containers().forEach(c -> names.add(c.name()));
        boolean several = before.containers().size() > 1 || after.containers().size() > 1
                || !before.containers().stream().map(ConfigFingerprint.ContainerConfig::name).toList()
                .equals(after.containers().stream().map(ConfigFingerprint.ContainerConfig::name).toList());
        for (String name : names) {
            ConfigFingerprint.ContainerConfig was = before.container(name);
            ConfigFingerprint.ContainerConfig is = after.container(name);
            if (was == null) {
                lines.add("+container " + name);
            } else if (is == null) {
                lines.add("-container " + name);
            } else {
                container(lines, several ? name + ": " : "", was, is);
            }
        }
        return new ConfigChanges(lines);
    }

    private static void container(List<String> lines, String prefix, ConfigFingerprint.ContainerConfig was,
                                  ConfigFingerprint.ContainerConfig is) {
        // A lone container's cpu and memory are named by it, so they read apart from the task's.
        String sized = prefix.isEmpty() ? is.name() + " " : prefix;
        changed(lines, sized, "cpu", text(was.cpu()), text(is.cpu()));
        changed(lines, sized, "memory", text(was.memory()), text(is.memory()));
        for (String variable : union(was.environment(), is.environment())) {
            String a = was.environment().get(variable);
            String b = is.environment().get(variable);
            if (a == null) {
                lines.add(prefix + "+" + variable);
            } else if (b == null) {
                lines.add(prefix + "-" + variable);
            } else if (!a.equals(b)) {
                lines.add(prefix + "~" + variable);
            }
        }
        for (String secret : union(was.secrets(), is.secrets())) {
            String a = was.secrets().get(secret);
            String b = is.secrets().get(secret);
            if (a == null) {
                lines.add(prefix + "+secret " + secret + " from " + b);
            } else if (b == null) {
                lines.add(prefix + "-secret " + secret);
            } else if (!a.equals(b)) {
                lines.add(prefix + "~secret " + secret + " from " + b);
            }
        }
        if (!was.ports().equals(is.ports())) {
            lines.add(prefix + "ports " + ports(was.ports()) + "→" + ports(is.ports()));
        }
        presence(lines, prefix, "command", was.command(), is.command());
        presence(lines, prefix, "healthCheck", was.healthCheck(), is.healthCheck());
    }

    private static void changed(List<String> lines, String prefix, String what, String a, String b) {
        if (!Objects.equals(a, b)) {
            lines.add(prefix + what + " " + (a == null ? "(none)" : a) + "→" + (b == null ? "(none)" : b));
        }
    }

    private static void presence(List<String> lines, String prefix, String what, String a, String b) {
        if (Objects.equals(a, b)) {
            return;
        }
        lines.add(prefix + (a == null ? "+" : b == null ? "-" : "~") + what);
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }

    private static String ports(List<String> ports) {
        return ports.isEmpty() ? "(none)" : String.join(",", ports);
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** At most {@link #KEPT} lines, the rest counted: what a record keeps. */
    public ConfigChanges kept() {
        if (lines.size() <= KEPT) {
            return this;
        }
        List<String> kept = new ArrayList<>(lines.subList(0, KEPT - 1));
        kept.add("… and " + (lines.size() - KEPT + 1) + " more");
        return new ConfigChanges(kept);
    }

    /** "+FEATURE_X, memory 512→1024", at most {@code shown} lines and "(+N more)"; empty for none. */
    public String summary(int shown) {
        return summary(shown, Function.identity());
    }

    /** As {@link #summary(int)}, each line passed through {@code each} (a view's escaping). */
    public String summary(int shown, Function<String, String> each) {
        List<String> first = lines.stream().limit(shown).map(each).toList();
        return String.join(", ", first) + (lines.size() > shown ? " (+" + (lines.size() - shown) + " more)" : "");
    }
}
