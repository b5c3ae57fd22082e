package dev.harbourmaster.domain;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A manifest's pattern for reading a release hash from an image tag, run by RE2/J: matching takes
 * time linear in the tag whatever the pattern (no backtracking), so no pattern can stall
 * build-recorder. RE2 expands counted repetitions ({@code x{3}} is {@code xxx}), so their cost is
 * bounded before compiling, as RE2 and Go bound it: counts nested inside each other may multiply to
 * at most 1000; and after compiling, by the size of the program.
 */
public final class TagPattern {

    public static final int MAX_LENGTH = 100;
    static final int MAX_NESTED_REPEAT = 1000;
    /** RE2 instructions: a match takes at most this many steps per character of the tag. */
    static final int MAX_PROGRAM = 2000;

    private TagPattern() {}

    /** The compiled pattern; an {@link IllegalArgumentException} says why a pattern cannot be one. */
    public static Pattern compile(String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + pattern.length() + " characters long; at most " + MAX_LENGTH);
        }
        long repeat = nestedRepeat(pattern);
        if (repeat > MAX_NESTED_REPEAT) {
            throw new IllegalArgumentException("has counted repetitions ({n,m}) that multiply to " + repeat
                    + " when nested; at most " + MAX_NESTED_REPEAT + ", as in RE2");
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression (RE2 syntax: no lookaround, no"
                    + " backreferences): " + e.getMessage().replaceFirst("^error parsing regexp: ", ""));
        }
        if (compiled.programSize() > MAX_PROGRAM) {
            throw new IllegalArgumentException("compiles to " + compiled.programSize() + " RE2 instructions; at most "
                    + MAX_PROGRAM + ": use fewer or smaller counted repetitions ({n,m})");
        }
        if (compiled.groupCount() > 1) {
            throw new IllegalArgumentException("has more than one capturing group; the hash is group 1, use (?:...) for the others");
        }
        return compiled;
    }

    /**
     * The largest product of counted repetitions nested inside each other ({@code (a{10}){20}} is 200),
     * read from the text, so that a pattern that would expand past memory is refused before RE2/J expands it.
     * Errs high, never low: a brace after an escape such as {@code \x{41}} is skipped, any other that reads
     * as a count is counted.
     */
    static long nestedRepeat(String pattern) {
        Deque<Long> outer = new ArrayDeque<>();
        long inGroup = 1;
        long last = 1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '\\' -> {
                    i = endOfEscape(pattern, i);
                    last = 1;
                }
                case '[' -> {
                    i = endOfClass(pattern, i);
                    last = 1;
                }
                case '(' -> {
                    outer.push(inGroup);
                    inGroup = 1;
                    last = 1;
                }
                case ')' -> {
                    last = inGroup;
                    inGroup = outer.isEmpty() ? inGroup : Math.max(outer.pop(), inGroup);
                }
                case '{' -> {
                    int close = pattern.indexOf('}', i);
                    long count = close < 0 ? -1 : count(pattern.substring(i + 1, close));
                    if (count < 0) {
                        last = 1;
                    } else {
                        last = Math.min(last * count, Integer.MAX_VALUE);
                        inGroup = Math.max(inGroup, last);
                        i = close;
                    }
                }
                case '*', '+', '?', '|' -> { }
                default -> last = 1;
            }
        }
        long most = inGroup;
        while (!outer.isEmpty()) {
            most = Math.max(most, outer.pop());
        }
        return most;
    }

    /** "3" → 3, "3," → 3, "3,5" → 5 (what RE2 expands), anything else → -1 (the brace is a literal). */
    private static long count(String body) {
        if (!body.matches("\\d{1,9}(,\\d{0,9})?")) {
            return -1;
        }
        String[] bounds = body.split(",", -1);
        String most = bounds.length == 1 || bounds[1].isEmpty() ? bounds[0] : bounds[1];
        return Long.parseLong(most);
    }

    private static int endOfEscape(String pattern, int backslash) {
        int next = backslash + 1;
        if (next >= pattern.length()) {
            return next;
        }
        char kind = pattern.charAt(next);
        if (kind == 'Q') {
            int end = pattern.indexOf("\\E", next);
            return end < 0 ? pattern.length() : end + 1;
        }
        if ((kind == 'p' || kind == 'P' || kind == 'x') && next + 1 < pattern.length() && pattern.charAt(next + 1) == '{') {
            int end = pattern.indexOf('}', next);
            return end < 0 ? pattern.length() : end;
        }
        return next;
    }

    /** The index of the ']' that closes the class opened at {@code open} ("[]a]" and "[^]a]" hold a ']'). */
    private static int endOfClass(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = endOfEscape(pattern, i);
            } else if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
                int end = pattern.indexOf(":]", i + 2);
                if (end >= 0) {
                    i = end + 1;
                }
            } else if (c == ']') {
                return i;
            }
        }
        return pattern.length();
    }
}
