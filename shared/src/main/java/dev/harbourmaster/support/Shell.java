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
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");

    private Shell() {}

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
        if (!CONTROL.matcher(word).find()) {
            return "'" + word.replace("'", "'\\''") + "'";
        }
        StringBuilder quoted = new StringBuilder("$'");
        word.chars().forEach(c -> {
            if (c == '\\' || c == '\'') {
                quoted.append('\\').append((char) c);
            } else if (CONTROL.matcher(String.valueOf((char) c)).matches()) {
                quoted.append(c < 0x80 ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            } else {
                quoted.append((char) c);
            }
        });
        return quoted.append('\'').toString();
    }
}
