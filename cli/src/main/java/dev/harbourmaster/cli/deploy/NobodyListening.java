package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Waiting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What hm says, once, of a set that waits while it follows it: a REQUESTED set that no deployer has
 * claimed (nothing reads the table's stream: what to check, on AWS or on an emulator), and a QUEUED
 * set (what it waits for). The names are template.yaml's: CloudFormation names the deployer
 * {@code <stack>-DeployerFunction-<suffix>}, and SAM's AutoPublishAlias puts its stream mapping on
 * the alias {@code live}.
 *
 * @param endpoint AWS_ENDPOINT_URL: set, hm talks to an emulator, where only hm local up runs a deployer
 * @param region   the region hm's AWS configuration names, if known
 */
record NobodyListening(String table, String endpoint, String region) {

    static NobodyListening of(String table, Map<String, String> env) {
        String region = env.get("AWS_REGION") != null ? env.get("AWS_REGION") : env.get("AWS_DEFAULT_REGION");
        return new NobodyListening(table, env.get("AWS_ENDPOINT_URL"), region);
    }

    List<String> unclaimed(ReleaseSet set, Duration waited) {
        List<String> lines = new ArrayList<>();
        lines.add("release set still REQUESTED " + Durations.format(waited) + " after it was requested: "
                + Waiting.UNCLAIMED + " (a deployer takes a set within seconds). Check:");
        if (endpoint != null) {
            lines.add("- on an emulator (AWS_ENDPOINT_URL=" + endpoint + ") the deployer runs inside hm local up: is it"
                    + " running, on this endpoint and with table '" + table + "'? (scripts/moto.sh start runs no deployer)");
        } else {
            lines.add("- the Harbourmaster stack is deployed in the account and region of table '" + table + "' ("
                    + (region == null ? "the region of your AWS configuration" : region)
                    + "): aws cloudformation describe-stacks --stack-name <stack>");
            lines.add("- the deployer's stream mapping is Enabled: aws lambda list-event-source-mappings --function-name"
                    + " <stack>-DeployerFunction-<suffix>:live --query"
                    + " 'EventSourceMappings[].[State,StateTransitionReason,LastProcessingResult]'"
                    + " (the name: aws lambda list-functions --query \"Functions[?contains(FunctionName, 'DeployerFunction')].FunctionName\")");
            lines.add("- the stack's DeployerFailureQueue (<stack>-DeployerFailureQueue-<suffix>) holds the batches the"
                    + " deployer gave up on; its log group is /aws/lambda/<stack>/deployer");
        }
        lines.add("- the set: " + Shell.command("hm", "show", set.id()));
        lines.add("hm keeps following it until the timeout.");
        return lines;
    }

    List<String> queued(ReleaseSet set) {
        String behind = Waiting.queuedBehind(set)
                .map(id -> "release set " + id + " ends (follow it with " + Shell.command("hm", "show", id) + ")")
                .orElse("the release set in flight in " + set.environmentId() + " ends ("
                        + Shell.command("hm", "status", "--project", set.projectId(), "--env", set.environmentId()) + ")");
        return List.of("an automatic set waits its turn: it starts when " + behind
                + ", after any set queued before it; hm keeps following it until the timeout.");
    }
}
