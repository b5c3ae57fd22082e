package dev.harbourmaster.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What can be an image digest: "sha256:" and 64 lower-case hex digits, as ECR and ECS write them.
 * A digest is a build's identity and the proof that a task runs a release, so anything else (another
 * algorithm, upper-case hex, a digit short) is never recorded as one nor compared with one.
 */
public final class ImageDigest {

    private static final String PREFIX = "sha256:";
    private static final int HEX_DIGITS = 64;
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{" + HEX_DIGITS + "}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");
    /** A refused digest is quoted in a log line: this much of it (a sha512 digest whole) is enough to recognise it. */
    private static final int QUOTED = 160;

    private ImageDigest() {}

    public static boolean isValid(String text) {
        return text != null && DIGEST.matcher(text).matches();
    }

    /** Why {@code text} is not a digest, in words fit for a log line; empty when it is one. */
    public static Optional<String> refusal(String text) {
        if (isValid(text)) {
            return Optional.empty();
        }
        if (text == null) {
            return Optional.of("no digest");
        }
        return Optional.of("'" + quoted(text) + "' is not " + PREFIX + " followed by " + HEX_DIGITS
                + " lower-case hex digits: " + problem(text));
    }

    private static String problem(String text) {
        if (!text.startsWith(PREFIX)) {
            int colon = text.indexOf(':');
            return colon > 0 ? "its algorithm is '" + quoted(text.substring(0, colon)) + "', Harbourmaster reads sha256 only"
                    : "it has no algorithm (" + PREFIX + ")";
        }
        String hex = text.substring(PREFIX.length());
        if (!HEX.matcher(hex).matches()) {
            return "it has characters that are not hex digits";
        }
        if (hex.length() != HEX_DIGITS) {
            return "it has " + hex.length() + " hex digits";
        }
        return "it has upper-case hex digits";
    }

    private static String quoted(String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
    }
}
