package dev.harbourmaster.support;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Commands offered to a person to copy (hm's messages, the dashboard): every word quoted for a POSIX
 * shell, so that a value read from the record (a release hash, an id a table writer chose) stays one
 * word and is never run. Words of plain characters are left as they are.
 */
public final class Shell {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private Shell() {}

    /** The command that approves a release set held AWAITING_APPROVAL: hm approve --project P --env E ID. */
    public static String approveCommand(String projectId, String environmentId, String releaseSetId) {
        return command("hm", "approve", "--project", projectId, "--env", environmentId, releaseSetId);
    }

    public static String command(String... words) {
        return command(Arrays.asList(words));
    }

    public static String command(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    /**
     * {@code abc1234} as it is, {@code 'it'\''s'} in single quotes, and a word with control characters
     * as {@code $'…\x1b…'} (bash, zsh, ksh and POSIX.1-2024 sh), so that none reaches the terminal raw.
     */
    public static String quote(String word) {
        if (word == null || word.isEmpty()) {
            return "''";
        }
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        if (word.chars().noneMatch(Shell::escaped)) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
        StringBuilder quoted = new StringBuilder("$'");
        word.chars().forEach(c -> {
            if (c == '\\' || c == '\'') {
                quoted.append('\\').append((char) c);
            } else if (escaped(c)) {
                quoted.append(c < 0x80 ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            } else {
                quoted.append((char) c);
            }
        });
        return quoted.append('\'').toString();
    }

    /** A command to copy stays on one line: newlines and tabs are escaped with the rest. */
    private static boolean escaped(int c) {
        return c == '\n' || c == '\t' || actsOnTerminal((char) c);
    }

    /**
     * A character a terminal acts on instead of showing it: C0 controls (tab and newline aside), DEL,
     * C1 controls (CSI and OSC among them) and the bidirectional marks and overrides.
     */
    public static boolean actsOnTerminal(char c) {
        return c < 0x20 && c != '\n' && c != '\t'
                || c >= 0x7f && c <= 0x9f
                || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }
}
