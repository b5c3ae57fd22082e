package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTokenTest {

    @Test
    void theSecretIsTheTokenOrJsonWithOne() {
        assertThat(SecretToken.tokenOf("ghp_abc\n")).isEqualTo("ghp_abc");
        assertThat(SecretToken.tokenOf("{\"token\": \"github_pat_xyz\"}")).isEqualTo("github_pat_xyz");
    }

    @Test
    void aSecretWithoutATokenIsAMistakeSaidClearly() {
        assertThatThrownBy(() -> SecretToken.tokenOf("")).hasMessageContaining("holds no token");
        assertThatThrownBy(() -> SecretToken.tokenOf("{\"pat\": \"x\"}")).hasMessageContaining("holds no token");
        assertThatThrownBy(() -> SecretToken.tokenOf("{not json")).hasMessageContaining("cannot be read");
    }
}
