package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDigestTest {

    private static final String HEX = "4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";

    @ParameterizedTest
    @ValueSource(strings = {"sha256:" + HEX, "sha256:0000000000000000000000000000000000000000000000000000000000000000",
            "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
    void sha256AndExactlySixtyFourLowerCaseHexDigitsIsADigest(String digest) {
        assertThat(ImageDigest.isValid(digest)).isTrue();
        assertThat(ImageDigest.refusal(digest)).isEmpty();
    }

    @Test
    void oneDigitShortOrOneTooManyIsRefusedWithTheCount() {
        assertThat(ImageDigest.refusal("sha256:" + HEX.substring(1))).contains("'sha256:" + HEX.substring(1)
                + "' is not sha256: followed by 64 lower-case hex digits: it has 63 hex digits");
        assertThat(ImageDigest.refusal("sha256:" + HEX + "0")).hasValueSatisfying(why -> assertThat(why)
                .endsWith(": it has 65 hex digits"));
    }

    @Test
    void upperCaseHexIsRefused() {
        assertThat(ImageDigest.refusal("sha256:" + HEX.toUpperCase())).hasValueSatisfying(why -> assertThat(why)
                .endsWith(": it has upper-case hex digits"));
        assertThat(ImageDigest.refusal("SHA256:" + HEX)).hasValueSatisfying(why -> assertThat(why)
                .endsWith(": its algorithm is 'SHA256', Harbourmaster reads sha256 only"));
    }

    @Test
    void anotherAlgorithmIsRefusedByName() {
        assertThat(ImageDigest.refusal("sha512:" + HEX + HEX)).hasValueSatisfying(why -> assertThat(why)
                .endsWith(": its algorithm is 'sha512', Harbourmaster reads sha256 only"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", HEX, "sha256:", "sha256: " + HEX, "sha256:" + HEX + "\n", "",
            "sha256:gb1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807", "ref.3f9c2ab"})
    void anythingElseIsRefused(String text) {
        assertThat(ImageDigest.isValid(text)).isFalse();
        assertThat(ImageDigest.refusal(text)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("'" + text + "' is not sha256: followed by 64 lower-case hex digits: "));
    }

    @Test
    void noDigestIsNotOne() {
        assertThat(ImageDigest.isValid(null)).isFalse();
        assertThat(ImageDigest.refusal(null)).contains("no digest");
    }

    @Test
    void aHugeTextIsQuotedOnlyInPart() {
        String huge = "sha256:" + "a".repeat(100_000);

        assertThat(ImageDigest.refusal(huge)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("'sha256:" + "a".repeat(153) + "…' is not").endsWith("it has 100000 hex digits").hasSizeLessThan(300));
    }
}
