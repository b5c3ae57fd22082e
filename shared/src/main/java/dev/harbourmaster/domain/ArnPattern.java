package dev.harbourmaster.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM or STS ARN, or a pattern of them with {@code *} (any run of characters) and {@code ?} (one
 * character), as IAM's ArnLike condition reads them: {@code arn:aws:iam::123456789012:role/Lead*},
 * {@code arn:aws:sts::123456789012:assumed-role/Release/*}. Matching is case-sensitive, as IAM's is.
 */
public record ArnPattern(String text) {

    /** arn:PARTITION:iam|sts::ACCOUNT:RESOURCE; the region is always empty for IAM and STS. */
    private static final Pattern SHAPE = Pattern.compile(
            "arn:(?:aws|aws-cn|aws-us-gov|\\*):(?:iam|sts|\\*)::[0-9*?]{1,12}:[A-Za-z0-9+=,.@_/*?-]+");
    /**
     * An STS session of an assumed role: arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. IAM names the
     * role behind the session arn:aws:iam::ACCOUNT:role/ROLE (the session ARN leaves out the role's
     * path, so a role with a path matches only a pattern that allows for it, such as role/*Release).
     */
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:([^:]+):sts::([0-9]{12}):assumed-role/([^/]+)/.+");

    public ArnPattern {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** What is wrong with a pattern, in words that say how to write one; empty when it is one. */
    public static Optional<String> problem(String text) {
        if (text != null && SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + text + "' is not an IAM ARN or a pattern of one: write"
                + " arn:aws:iam::123456789012:role/NAME, arn:aws:iam::123456789012:user/NAME or"
                + " arn:aws:sts::123456789012:assumed-role/ROLE/SESSION, with * and ? as wildcards"
                + " (leave approvers out to let anyone approve)");
    }

    /** Whether the caller's ARN matches, directly or, for an assumed-role session, by the role behind it. */
    public boolean matches(String arn) {
        if (arn == null) {
            return false;
        }
        Pattern regex = regex();
        return regex.matcher(arn).matches() || roleBehind(arn).map(role -> regex.matcher(role).matches()).orElse(false);
    }

    /** The IAM role an assumed-role session ARN is a session of (arn:aws:iam::ACCOUNT:role/ROLE). */
    public static Optional<String> roleBehind(String arn) {
        Matcher session = ASSUMED_ROLE.matcher(arn);
        return session.matches()
                ? Optional.of("arn:" + session.group(1) + ":iam::" + session.group(2) + ":role/" + session.group(3))
                : Optional.empty();
    }

    private Pattern regex() {
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
