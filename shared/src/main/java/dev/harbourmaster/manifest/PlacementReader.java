package dev.harbourmaster.manifest;

import dev.harbourmaster.domain.Placement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * environments[].account, region and roleArn: where an environment's ECS lives. Each may be left
 * out (the stack's own); a role names its account, so a role without an account gives the
 * environment the role's. An account other than the stack's needs a role to be reached, but the
 * stack's account is not known here: the deployer says so when it finds none.
 */
final class PlacementReader {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    /** arn:PARTITION:iam::ACCOUNT:role/NAME or role/PATH/NAME, as IAM names roles. */
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role/(?:[\\x21-\\x2E\\x30-\\x7E]+/)*[A-Za-z0-9+=,.@_-]{1,64}");

    private PlacementReader() {}

    static Placement read(YamlNode environment) {
        String account = account(environment.get("account"));
        String region = region(environment.get("region"));
        YamlNode roleNode = environment.get("roleArn");
        String roleArn = roleNode.string(false);
        if (roleArn == null) {
            return new Placement(account, region, null);
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        if (!role.matches()) {
            roleNode.problem("'" + roleArn + "' is not an IAM role ARN: write arn:aws:iam::123456789012:role/NAME"
                    + " or arn:aws:iam::123456789012:role/PATH/NAME (partition aws, aws-cn or aws-us-gov)");
            return new Placement(account, region, null);
        }
        String roleAccount = role.group(2);
        if (account != null && !account.equals(roleAccount)) {
            roleNode.problem("the role is in " + roleAccount + ", the environment in " + account
                    + ": a role is assumed in its own account; name a role of " + account + " or leave account out");
        }
        String partition = role.group(1);
        if (region != null) {
            AwsRegions.partitionOf(region).filter(p -> !p.equals(partition)).ifPresent(p -> roleNode.problem(
                    "the role is in partition " + partition + ", region " + region + " in " + p
                            + ": a role is assumed in its own partition"));
        }
        return new Placement(account != null ? account : roleAccount, region, roleArn);
    }

    private static String account(YamlNode node) {
        if (node.isNumber()) {
            node.problem("a YAML number (read as " + node.string(false) + "): quote the 12 digits, account: \"012345678901\";"
                    + " unquoted, YAML drops leading zeros and reads some as octal");
            return null;
        }
        String account = node.string(false);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            node.problem("'" + account + "' is not an AWS account id: write its 12 digits in quotes, account: \"123456789012\"");
            return null;
        }
        return account;
    }

    private static String region(YamlNode node) {
        String region = node.string(false);
        if (region == null) {
            return null;
        }
        var problem = AwsRegions.problem(region);
        problem.ifPresent(node::problem);
        return problem.isPresent() ? null : region;
    }
}
