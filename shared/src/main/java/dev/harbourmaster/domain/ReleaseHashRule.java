package dev.harbourmaster.domain;

import com.google.re2j.Matcher;
import java.util.List;
import java.util.Optional;

/**
 * How a release hash (a git ref) is read from an image tag: the first pattern that matches the
 * whole tag wins, and its first capturing group (or the whole tag when it has none) is the hash,
 * if it is a {@link ReleaseHash}. Patterns are RE2 ({@link TagPattern}); one that is not (stored
 * before hm checked for RE2) matches nothing.
 */
public record ReleaseHashRule(List<String> tagPatterns) {

    public static final ReleaseHashRule DEFAULT = new ReleaseHashRule(List.of(
            "ref\\.([0-9a-f]{7,40})",
            "([0-9a-f]{7,40})"));

    public static final int MAX_PATTERNS = 10;
    /** ECR's longest tag (ImageIdentifier.imageTag, 300 characters): a longer one is not matched. */
    public static final int MAX_TAG_LENGTH = 300;

    public ReleaseHashRule {
        tagPatterns = List.copyOf(tagPatterns);
    }

    public Optional<String> hashOf(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
            return Optional.empty();
        }
        for (String pattern : tagPatterns.subList(0, Math.min(tagPatterns.size(), MAX_PATTERNS))) {
            Matcher matcher;
            try {
                matcher = TagPattern.compile(pattern).matcher(tag);
            } catch (IllegalArgumentException notATagPattern) {
                continue;
            }
            if (matcher.matches()) {
                String hash = matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
                if (ReleaseHash.isValid(hash)) {
                    return Optional.of(hash);
                }
            }
        }
        return Optional.empty();
    }
}
