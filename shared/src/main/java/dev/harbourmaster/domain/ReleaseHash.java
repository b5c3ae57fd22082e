package dev.harbourmaster.domain;

import java.util.regex.Pattern;

/**
 * What can be a release hash: a git ref. A commit sha (7 to 40 hex digits) is one; so is a ref name
 * of at most 128 letters, digits, '.', '_', '-' and '/' that starts with a letter or digit and that
 * git would accept (no "..", no "//", not ending in '/', '.' or ".lock"). None of these characters
 * means anything to a shell or a terminal, and none starts an option. Anything else an image says
 * (its revision annotation, say) stays on the build as metadata and is never a release hash.
 */
public final class ReleaseHash {

    public static final int MAX_LENGTH = 128;

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0," + (MAX_LENGTH - 1) + "}");

    private ReleaseHash() {}

    public static boolean isValid(String text) {
        return text != null && REF.matcher(text).matches() && !text.contains("..") && !text.contains("//")
                && !text.endsWith("/") && !text.endsWith(".") && !text.endsWith(".lock");
    }
}
