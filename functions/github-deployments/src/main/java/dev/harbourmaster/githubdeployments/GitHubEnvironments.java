package dev.harbourmaster.githubdeployments;

import java.util.Locale;
import java.util.Set;

/**
 * The GitHub environment a Harbourmaster environment is: "project/env" (e.g. "catalogue/prod"),
 * since one repository may be deployed by several projects, each with its own "staging". GitHub
 * creates the environment on the first deployment that names it.
 */
final class GitHubEnvironments {

    private static final Set<String> PRODUCTION = Set.of("prod", "production");

    private GitHubEnvironments() {}

    static String name(String projectId, String environmentId) {
        return projectId + "/" + environmentId;
    }

    /** production_environment: the environment ids "prod" and "production" (any case), no other. */
    static boolean isProduction(String environmentId) {
        return environmentId != null && PRODUCTION.contains(environmentId.toLowerCase(Locale.ROOT));
    }
}
