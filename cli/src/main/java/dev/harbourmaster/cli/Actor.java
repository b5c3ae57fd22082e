package dev.harbourmaster.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Who is asking, for the "who" of what hm writes: the caller's AWS identity as STS tells it
 * (GetCallerIdentity), always, and a name to show: {@code HM_ACTOR} when set, else that identity;
 * with the CI run's address when hm runs in a known CI system. The name is what the person says;
 * the ARN is what AWS says, and what audits read.
 *
 * @param name what "by" shows
 * @param arn  the caller's ARN, as STS told it
 */
public record Actor(String name, String arn) {

    /**
     * @param environment  the process environment
     * @param callerArn    asks STS for the caller's ARN
     */
    public static Actor of(Map<String, String> environment, Supplier<String> callerArn) {
        String arn = callerArn.get();
        String who = environment.get("HM_ACTOR");
        if (who == null || who.isBlank()) {
            who = arn;
        }
        String ci = ciRun(environment);
        return new Actor(ci == null ? who : who + " via " + ci, arn);
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
