package dev.harbourmaster.cli.init;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Infers an environment's {@code ecsServiceName} rule from the names of the ECS services in its cluster:
 * the literal text every name (or most) shares before and after a service's id, with the environment's
 * id written {env} and the project's {project} ({@code Environment.ecsServiceNameOf} runs it backwards).
 * Pure, so every shape is tested without AWS.
 *
 * <p>Candidates: what the names share at their start and end, cut at a separator ({@code -} or
 * {@code _}), and the usual shapes made of the project's and the environment's ids ({@code {service}-{env}},
 * {@code {project}-{service}-{env}}, {@code {env}-{service}}, …), so that a cluster of one service is read
 * too. A candidate fits a name when the name is its text around a part that is a valid service id. The
 * chosen rule fits the most names, then agrees best with the ids of the other environments (the same
 * service must get the same id everywhere), then has the most literal text. A rule that fits only some of
 * the names is taken when it fits at least two and at least half of them: the others cannot be named by
 * it, and the manifest has one rule per environment, so they are listed for a person to decide. When no
 * rule fits enough, the rule is {@code {service}}: each service's id is its whole ECS name.
 */
public final class NamingRules {

    /** A service id, as the manifest requires one. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** The rule that names a service by its id alone. */
    public static final String WHOLE_NAME = "{service}";
    private static final List<String> SEPARATORS = List.of("-", "_");

    private NamingRules() {}

    /**
     * One environment's rule and what it makes of each name.
     *
     * @param rule       the ecsServiceName pattern
     * @param serviceIds ECS service name → service id, for the names the rule fits, in the names' order
     * @param unfit      the names it does not fit, in their order
     */
    public record Inference(String rule, Map<String, String> serviceIds, List<String> unfit) {

        public Inference {
            serviceIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(serviceIds));
            unfit = List.copyOf(unfit);
        }

        public boolean fitsAll() {
            return unfit.isEmpty();
        }
    }

    /** The text around the service id: what a rule is before placeholders are put in. */
    record Candidate(String prefix, String suffix) {

        int literal() {
            return prefix.length() + suffix.length();
        }

        String idOf(String name) {
            if (name.length() <= literal() || !name.startsWith(prefix) || !name.endsWith(suffix)) {
                return null;
            }
            String id = name.substring(prefix.length(), name.length() - suffix.length());
            return ID.matcher(id).matches() ? id : null;
        }
    }

    /** One environment on its own: {@link #infer(String, String, List, Set, Set)} with no other environment's. */
    public static Inference infer(String projectId, String environmentId, List<String> names) {
        return infer(projectId, environmentId, names, Set.of(), Set.of());
    }

    /**
     * @param otherIds   the service ids the other environments' rules gave (empty when none is known yet)
     * @param otherRules the rules they got: candidates here too, with this environment's id for {env}
     */
    public static Inference infer(String projectId, String environmentId, List<String> names, Set<String> otherIds,
                                  Set<String> otherRules) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
        Candidate whole = new Candidate("", "");
        Comparator<Candidate> better = Comparator
                .<Candidate>comparingInt(c -> fits(c, distinct))
                .thenComparingInt(c -> overlap(c, distinct, otherIds))
                .thenComparingInt(Candidate::literal)
                .thenComparing(c -> placeholders(c.prefix(), projectId, environmentId)
                        + "{service}" + placeholders(c.suffix(), projectId, environmentId), Comparator.reverseOrder());
        List<Candidate> candidates = candidates(projectId, environmentId, distinct);
        for (String rule : otherRules) {
            int at = rule.indexOf("{service}");
            candidates.add(new Candidate(filled(rule.substring(0, at), projectId, environmentId),
                    filled(rule.substring(at + "{service}".length()), projectId, environmentId)));
        }
        Candidate best = candidates.stream()
                .filter(c -> c.literal() > 0)
                .max(better).orElse(null);
        int n = distinct.size();
        if (best != null) {
            int fits = fits(best, distinct);
            boolean enough = fits == n || fits >= 2 && 2 * fits >= n || fits >= 1 && overlap(best, distinct, otherIds) > 0
                    && overlap(best, distinct, otherIds) >= overlap(whole, distinct, otherIds);
            if (!enough || fits == 0) {
                best = null;
            }
        }
        Candidate chosen = best != null ? best : whole;
        Map<String, String> ids = new LinkedHashMap<>();
        List<String> unfit = new ArrayList<>();
        for (String name : distinct) {
            String id = chosen.idOf(name);
            if (id == null) {
                unfit.add(name);
            } else {
                ids.put(name, id);
            }
        }
        String rule = placeholders(chosen.prefix(), projectId, environmentId) + "{service}"
                + placeholders(chosen.suffix(), projectId, environmentId);
        return new Inference(rule, ids, unfit);
    }

    /**
     * Every environment at once: each inferred on its own first, then again knowing the ids and rules the
     * others got (those that two names or more follow), so that a cluster of one service agrees with its siblings ({@code billing-api-prod} is service
     * {@code api} when staging's {@code billing-api-staging} and {@code billing-web-staging} say so).
     *
     * @param namesByEnvironment environment id → its ECS service names, in the environments' order
     */
    public static Map<String, Inference> inferAll(String projectId, Map<String, List<String>> namesByEnvironment) {
        Map<String, Inference> first = new LinkedHashMap<>();
        namesByEnvironment.forEach((env, names) -> first.put(env, infer(projectId, env, names)));
        if (namesByEnvironment.size() < 2) {
            return first;
        }
        Map<String, Inference> second = new LinkedHashMap<>();
        namesByEnvironment.forEach((env, names) -> {
            Set<String> others = new LinkedHashSet<>();
            Set<String> rules = new LinkedHashSet<>();
            first.forEach((other, inference) -> {
                // Only a rule that two names or more follow is evidence: one name fits many rules.
                if (!other.equals(env) && inference.serviceIds().size() >= 2) {
                    others.addAll(inference.serviceIds().values());
                    if (!WHOLE_NAME.equals(inference.rule())) {
                        rules.add(inference.rule());
                    }
                }
            });
            second.put(env, infer(projectId, env, names, others, rules));
        });
        return second;
    }

    private static int fits(Candidate candidate, List<String> names) {
        return (int) names.stream().filter(n -> candidate.idOf(n) != null).count();
    }

    private static int overlap(Candidate candidate, List<String> names, Set<String> otherIds) {
        return (int) names.stream().map(candidate::idOf).filter(id -> id != null && otherIds.contains(id)).count();
    }

    private static List<Candidate> candidates(String projectId, String environmentId, List<String> names) {
        Set<Candidate> all = new LinkedHashSet<>();
        List<String> prefixes = new ArrayList<>(List.of(""));
        List<String> suffixes = new ArrayList<>(List.of(""));
        for (String a : SEPARATORS) {
            for (String b : SEPARATORS) {
                prefixes.add(environmentId + a);
                suffixes.add(a + environmentId);
                if (projectId != null && !projectId.equals(environmentId)) {
                    prefixes.add(projectId + a);
                    prefixes.add(projectId + a + environmentId + b);
                    prefixes.add(environmentId + a + projectId + b);
                    suffixes.add(a + projectId);
                    suffixes.add(a + projectId + b + environmentId);
                    suffixes.add(a + environmentId + b + projectId);
                }
            }
        }
        for (String prefix : prefixes) {
            for (String suffix : suffixes) {
                all.add(new Candidate(prefix, suffix));
            }
        }
        if (names.size() >= 2) {
            String prefix = commonPrefix(names);
            String suffix = commonSuffix(names);
            all.add(new Candidate(prefix, ""));
            all.add(new Candidate("", suffix));
            all.add(new Candidate(prefix, suffix));
        }
        return new ArrayList<>(all);
    }

    /** The longest start all names share that ends with a separator (so it never cuts a word). */
    static String commonPrefix(List<String> names) {
        String first = names.get(0);
        int end = first.length();
        for (String name : names) {
            int i = 0;
            while (i < Math.min(end, name.length()) && name.charAt(i) == first.charAt(i)) {
                i++;
            }
            end = i;
        }
        while (end > 0 && !isSeparator(first.charAt(end - 1))) {
            end--;
        }
        return first.substring(0, end);
    }

    /** The longest end all names share that starts with a separator. */
    static String commonSuffix(List<String> names) {
        List<String> reversed = names.stream().map(n -> new StringBuilder(n).reverse().toString()).toList();
        return new StringBuilder(commonPrefix(reversed)).reverse().toString();
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '_';
    }

    /** A rule's text with this project's and environment's ids for its placeholders ({serviceSet} is never inferred). */
    private static String filled(String text, String projectId, String environmentId) {
        return text.replace("{project}", projectId == null ? "{project}" : projectId).replace("{env}", environmentId);
    }

    /** The literal text with the environment's and the project's ids, where they stand between separators, as placeholders. */
    static String placeholders(String literal, String projectId, String environmentId) {
        String out = word(environmentId).matcher(literal).replaceAll("{env}");
        return projectId == null || projectId.equals(environmentId) ? out
                : word(projectId).matcher(out).replaceAll("{project}");
    }

    private static Pattern word(String id) {
        return Pattern.compile("(?<=^|[-_])" + Pattern.quote(id) + "(?=$|[-_])");
    }
}
