package dev.harbourmaster.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Who is asking, for the "who" of what hm writes: {@code HM_ACTOR} when set, else the caller's AWS
 * identity (STS GetCallerIdentity), plus the CI run's address when hm runs in a known CI system.
 */
public final class Actor {

    private Actor() {}

    /**
     * @param environment  the process environment
     * @param callerArn    asks STS for the caller's ARN (only called when HM_ACTOR is not set)
     */
    public static String of(Map<String, String> environment, Supplier<String> callerArn) {
        String who = environment.get("HM_ACTOR");
        if (who == null || who.isBlank()) {
            who = callerArn.get();
        }
        String ci = ciRun(environment);
        return ci == null ? who : who + " via " + ci;
    }

    /** The address of the CI run hm runs in, if any: GitHub Actions, GitLab, Jenkins, CircleCI, Buildkite. */
    static String ciRun(Map<String, String> env) {
        if ("true".equals(env.get("GITHUB_ACTIONS")) && env.get("GITHUB_RUN_ID") != null) {
            return env.getOrDefault("GITHUB_SERVER_URL", "https://github.com") + "/" + env.get("GITHUB_REPOSITORY")
                    + "/actions/runs/" + env.get("GITHUB_RUN_ID");
        }
        for (String variable : new String[] {"CI_JOB_URL", "BUILD_URL", "CIRCLE_BUILD_URL", "BUILDKITE_BUILD_URL"}) {
            String url = env.get(variable);
            if (url != null && !url.isBlank()) {
                return url;
            }
        }
        return null;
    }
}
