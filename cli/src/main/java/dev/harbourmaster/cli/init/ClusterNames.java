package dev.harbourmaster.cli.init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Environment and project ids read from cluster names: the words all the clusters share are the
 * project's ({@code shop-staging}, {@code shop-prod}: project {@code shop}), the rest of each name is its
 * environment's; one cluster alone is split at a word that names an environment ({@code staging},
 * {@code prod}, …). Pure.
 */
public final class ClusterNames {

    /** Words that name an environment, the way clusters are usually named. */
    static final Set<String> ENVIRONMENT_WORDS = Set.of("prod", "production", "prd", "live", "staging", "stage", "stg",
            "preprod", "pre-prod", "dev", "development", "test", "testing", "qa", "uat", "sandbox", "sbx", "demo",
            "int", "integration", "perf", "nonprod", "canary");

    private ClusterNames() {}

    /** What was read: the project id (or null when nothing says) and each cluster's environment id, in order. */
    public record Reading(String projectId, List<String> environmentIds, List<String> guessed) {}

    /**
     * @param given the environment ids given (--env-name), in the clusters' order; fewer than the clusters
     *              leaves the rest to be inferred
     */
    public static Reading read(List<String> clusters, List<String> given) {
        List<List<String>> words = clusters.stream().map(ClusterNames::words).toList();
        List<String> common = new ArrayList<>(words.get(0));
        for (List<String> w : words) {
            common.retainAll(w);
        }
        List<String> guessed = new ArrayList<>();
        String project = null;
        if (clusters.size() >= 2 && !common.isEmpty()) {
            project = String.join("-", common);
        } else if (clusters.size() == 1) {
            List<String> rest = words.get(0).stream().filter(w -> !ENVIRONMENT_WORDS.contains(w)).toList();
            if (rest.size() < words.get(0).size() && !rest.isEmpty()) {
                project = String.join("-", rest);
            }
        }
        List<String> environments = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            if (i < given.size()) {
                environments.add(given.get(i));
                continue;
            }
            List<String> own = new ArrayList<>(words.get(i));
            if (clusters.size() >= 2) {
                own.removeAll(common);
            }
            List<String> named = own.stream().filter(ENVIRONMENT_WORDS::contains).toList();
            String id;
            if (clusters.size() == 1 && named.size() == 1) {
                id = named.get(0);
            } else if (clusters.size() >= 2 && !own.isEmpty()) {
                id = String.join("-", named.size() == 1 ? named : own);
            } else {
                id = String.join("-", words.get(i));
                guessed.add(clusters.get(i));
            }
            environments.add(id(id));
        }
        return new Reading(project == null ? null : id(project), environments, guessed);
    }

    /** The words of a name: lower case, split at anything that is not a letter or a digit. */
    static List<String> words(String name) {
        return Arrays.stream(name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** A valid id made of a name: lower case, other characters as '-', at most 63. */
    public static String id(String name) {
        String id = String.join("-", words(name));
        if (id.isEmpty()) {
            return "default";
        }
        return id.length() > 63 ? id.substring(0, 63).replaceAll("-+$", "") : id;
    }
}
