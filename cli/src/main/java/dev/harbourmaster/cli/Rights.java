package dev.harbourmaster.cli;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Rights per environment: what a write of deploy, lock or unlock needs in IAM, and what hm says
 * when AWS refuses it (README, "Rights per environment"; docs/data-model.md explains the keys).
 */
public final class Rights {

    /** What a person does to an environment, the item it writes and the IAM action that writes it. */
    public enum Act {
        DEPLOY("deploy to", "RELEASESET#%s/*", "dynamodb:PutItem", "a deploy writes its release set under"),
        LOCK("lock", "LOCK#%s", "dynamodb:PutItem", "a lock writes the environment's lock item"),
        UNLOCK("unlock", "LOCK#%s", "dynamodb:UpdateItem", "an unlock records itself on the environment's lock item"),
        DECIDE("approve or reject release sets in", "RELEASESET#%s/*", "dynamodb:UpdateItem",
                "an approval or rejection of a held set records itself on the set's item under");

        private final String verb;
        private final String key;
        private final String action;
        private final String writes;

        Act(String verb, String key, String action, String writes) {
            this.verb = verb;
            this.key = key;
            this.action = action;
            this.writes = writes;
        }

        /** The partition key IAM's dynamodb:LeadingKeys must allow, for one project's environment. */
        public String leadingKey(String projectId, String environmentId) {
            return key.formatted(projectId + "/" + environmentId);
        }
    }

    private Rights() {}

    /** Runs a write; AWS's AccessDenied becomes a message that names the right missing and how to get it. */
    public static <T> T checked(Supplier<T> write, Act act, String projectId, String environmentId, Actor who, String table) {
        try {
            return write.get();
        } catch (AwsServiceException e) {
            if (!isAccessDenied(e)) {
                throw e;
            }
            throw refused(e, act, projectId, environmentId, who, table);
        }
    }

    public static void checked(Runnable write, Act act, String projectId, String environmentId, Actor who, String table) {
        checked(() -> {
            write.run();
            return null;
        }, act, projectId, environmentId, who, table);
    }

    static boolean isAccessDenied(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && code.startsWith("AccessDenied");
    }

    static CliException refused(AwsServiceException e, Act act, String projectId, String environmentId, Actor who,
                                String table) {
        String where = projectId + "/" + environmentId;
        String key = act.leadingKey(projectId, environmentId);
        return new CliException("AWS refused " + who.arn() + " the right to " + act.verb + " " + where + " ("
                + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() + "): " + act.writes + " "
                + key + "; ask the owner of the AWS account for " + act.action + " on table " + table
                + " with dynamodb:LeadingKeys \"" + key + "\" (README, 'Rights per environment', has the policy)");
    }
}
