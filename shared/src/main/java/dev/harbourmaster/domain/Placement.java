package dev.harbourmaster.domain;

/**
 * Where an environment's ECS lives: the AWS account and region, and the role Harbourmaster assumes
 * there to read and change it. A part left out (null) is the stack's own: its account, its region,
 * its functions' own role.
 *
 * @param account 12 digits, or null
 * @param region  a region name (eu-west-1), or null
 * @param roleArn the IAM role to assume there, or null
 */
public record Placement(String account, String region, String roleArn) {

    /** The stack's own account and region, with its own credentials. */
    public static final Placement HOME = new Placement(null, null, null);

    public boolean isHome() {
        return account == null && region == null && roleArn == null;
    }

    /**
     * The same place with the stack's own parts left out and the others filled in: null account and
     * region when it is the stack's own account and region, else both named. Two spellings of one
     * place (account given or left out) become one, which is how deployments are keyed and matched.
     */
    public Placement normalized(String homeAccount, String homeRegion) {
        String a = account == null ? homeAccount : account;
        String r = region == null ? homeRegion : region;
        return a.equals(homeAccount) && r.equals(homeRegion) ? new Placement(null, null, roleArn)
                : new Placement(a, r, roleArn);
    }

    /** Whether both are the same account and region, whatever role each assumes there (both normalized). */
    public boolean samePlace(Placement other) {
        return java.util.Objects.equals(account, other.account) && java.util.Objects.equals(region, other.region);
    }

    /** "account 210987654321, region us-east-1, role arn:…", or "the stack's own account and region". */
    public String describe() {
        if (isHome()) {
            return "the stack's own account and region";
        }
        StringBuilder s = new StringBuilder();
        if (account != null) {
            s.append("account ").append(account);
        }
        if (region != null) {
            s.append(s.isEmpty() ? "" : ", ").append("region ").append(region);
        }
        if (roleArn != null) {
            s.append(s.isEmpty() ? "" : ", ").append("role ").append(roleArn);
        }
        return s.toString();
    }
}
