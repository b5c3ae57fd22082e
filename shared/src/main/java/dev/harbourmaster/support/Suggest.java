package dev.harbourmaster.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * "did you mean prod?" for a mistyped id or key: the candidate it matches but for case, else the
 * one it is a prefix of, else the nearest within two edits (a swap of neighbours counts as one).
 * Inputs of up to three characters allow one edit only: two would turn "db" into "web".
 */
public final class Suggest {

    private Suggest() {}

    /** The candidates {@code given} may have meant: none, one, or several equally near. */
    public static List<String> closest(String given, Collection<String> candidates) {
        if (given == null || given.isBlank()) {
            return List.of();
        }
        String typed = given.strip().toLowerCase(Locale.ROOT);
        List<String> prefixed = new ArrayList<>();
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            if (c.equals(typed)) {
                return List.of(candidate);
            }
            if (c.startsWith(typed)) {
                prefixed.add(candidate);
            }
        }
        if (prefixed.size() == 1) {
            return prefixed;
        }
        int allowed = typed.length() <= 3 ? 1 : 2;
        List<String> nearest = new ArrayList<>();
        int best = allowed;
        for (String candidate : candidates) {
            int d = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best) {
                nearest.add(candidate);
            }
        }
        return List.copyOf(nearest);
    }

    /** "; did you mean X?" (or "X or Y?") to end a message with, or "" when nothing is close. */
    public static String didYouMean(String given, Collection<String> candidates) {
        List<String> close = closest(given, candidates);
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
