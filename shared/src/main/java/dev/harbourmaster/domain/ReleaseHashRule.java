package dev.harbourmaster.domain;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a release hash (a git ref) is read from an image tag: the first pattern that matches the
 * whole tag wins, and its first capturing group (or the whole tag when it has none) is the hash.
 */
public record ReleaseHashRule(List<String> tagPatterns) {

    public static final ReleaseHashRule DEFAULT = new ReleaseHashRule(List.of(
            "ref\\.([0-9a-f]{7,40})",
            "([0-9a-f]{7,40})"));

    public ReleaseHashRule {
        tagPatterns = List.copyOf(tagPatterns);
    }

    public Optional<String> hashOf(String tag) {
        if (tag == null || tag.isEmpty()) {
            return Optional.empty();
        }
        for (String pattern : tagPatterns) {
            Matcher matcher = Pattern.compile(pattern).matcher(tag);
            if (matcher.matches()) {
                String hash = matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                if (hash != null && !hash.isEmpty()) {
                    return Optional.of(hash);
                }
            }
        }
        return Optional.empty();
    }
}
