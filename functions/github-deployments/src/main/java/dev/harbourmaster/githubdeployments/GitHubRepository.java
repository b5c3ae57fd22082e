package dev.harbourmaster.githubdeployments;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository on github.com, as an image's {@code org.opencontainers.image.source} names it.
 *
 * @param owner the user or organisation
 * @param name  the repository, without ".git"
 */
public record GitHubRepository(String owner, String name) {

    /** GitHub's own rules: owners of letters, digits and inner hyphens; repositories of letters, digits, '.', '_', '-'. */
    private static final String OWNER = "([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))";
    private static final String NAME = "([A-Za-z0-9._-]{1,100}?)";
    private static final Pattern HTTPS = Pattern.compile(
            "(?:git\\+)?(?:https?|ssh|git)://(?:[^@/]+@)?(?:www\\.)?github\\.com(?::\\d+)?/" + OWNER + "/" + NAME
                    + "(?:\\.git)?/?(?:[/#?].*)?");
    private static final Pattern SCP = Pattern.compile("(?:[^@/]+@)?github\\.com:" + OWNER + "/" + NAME + "(?:\\.git)?/?");
    private static final Pattern BARE = Pattern.compile("(?:www\\.)?github\\.com/" + OWNER + "/" + NAME + "(?:\\.git)?/?(?:[/#?].*)?");

    /**
     * The repository a source label names: https://github.com/o/r (with .git, a path, a fragment),
     * git@github.com:o/r.git, ssh://git@github.com/o/r.git, git+https://…, github.com/o/r.
     * Empty for anything else: another host (GitHub Enterprise, GitLab), a local path, nothing.
     */
    public static Optional<GitHubRepository> fromSource(String source) {
        if (source == null || source.isBlank()) {
            return Optional.empty();
        }
        String trimmed = source.trim();
        for (Pattern pattern : new Pattern[] {HTTPS, SCP, BARE}) {
            Matcher m = pattern.matcher(trimmed);
            if (m.matches() && !m.group(2).equals(".") && !m.group(2).equals("..")) {
                return Optional.of(new GitHubRepository(m.group(1), m.group(2)));
            }
        }
        return Optional.empty();
    }

    /** "owner/name", as GitHub shows it. */
    @Override
    public String toString() {
        return owner + "/" + name;
    }

    /** GitHub's names are case-insensitive: one deployment per repository however images spell it. */
    String key() {
        return toString().toLowerCase(Locale.ROOT);
    }
}
