package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** A GitHub App's credentials: its PEM key (PKCS#1 as GitHub gives it, or PKCS#8), its JWT, and the installation tokens minted with it. */
class GitHubAppTest {

    static KeyPair keys;

    private LoopbackGitHub github;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @AfterEach
    void close() {
        if (github != null) {
            github.close();
        }
    }

    /** The private key as GitHub's "Generate a private key" downloads it: PKCS#1 (PKCS#8's 26-byte header dropped, for 2048 bits). */
    static String pkcs1Pem() {
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static String appSecret(String appId, long installationId) {
        return Json.MAPPER.createObjectNode().put("appId", appId).put("installationId", installationId)
                .put("privateKey", pkcs1Pem()).toString();
    }

    @Test
    void githubsPkcs1KeyAndAPkcs8KeyAreTheSameKey() {
        assertThat(RsaKeys.privateKey(pkcs1Pem()).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(RsaKeys.privateKey(pem("PRIVATE KEY", keys.getPrivate().getEncoded())).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
        assertThat(RsaKeys.privateKey(pkcs1Pem().replace("\n", "\\n")).getEncoded()).as("a PEM pasted into JSON with \\n")
                .isEqualTo(keys.getPrivate().getEncoded());
        assertThatThrownBy(() -> RsaKeys.privateKey("ssh-rsa AAAA")).hasMessageContaining("not a PEM RSA private key");
        assertThatThrownBy(() -> RsaKeys.privateKey("-----BEGIN RSA PRIVATE KEY-----\nnotbase64!\n-----END RSA PRIVATE KEY-----"))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void theJwtIsRs256SignedByTheAppsKeyForNineMinutesFromAMinuteAgo() throws Exception {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        String[] parts = AppJwt.sign("123456", keys.getPrivate(), now).split("\\.");

        JsonNode header = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo("123456");
        assertThat(claims.path("iat").asLong()).isEqualTo(now.getEpochSecond() - 60);
        assertThat(claims.path("exp").asLong()).isEqualTo(now.getEpochSecond() + 480);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void anAppSecretMintsAnInstallationTokenOnceAndAgainBeforeItExpires() {
        github = LoopbackGitHub.forApp(new LoopbackGitHub.App("123456", 42, keys.getPublic()));
        GitHubApi minting = new GitHubApi(github.url(), () -> "unused", GitHubApi.httpClient(Duration.ofSeconds(2)),
                Duration.ofSeconds(2), 1, Duration.ZERO, d -> { });
        SecretToken token = new SecretToken(secrets(appSecret("123456", 42)), "s", Instant::now, minting::createInstallationToken);

        String first = token.get();
        assertThat(token.get()).as("an hour's token is used again").isEqualTo(first);
        assertThat(github.minted()).isEqualTo(1);

        github.tokenLifetime(Duration.ofMinutes(4));
        SecretToken shortLived = new SecretToken(secrets(appSecret("123456", 42)), "s", Instant::now, minting::createInstallationToken);
        String second = shortLived.get();
        String third = shortLived.get();

        assertThat(first).startsWith("ghs_");
        assertThat(third).as("a token within 5 minutes of its expiry is minted again").isNotEqualTo(second);
        assertThat(github.minted()).isEqualTo(3);
        assertThat(github.problems()).as("the JWT and the request, as GitHub's description and the app's key say").isEmpty();
    }

    @Test
    void anAppSecretWithoutItsPartsIsAMistakeSaidClearly() {
        assertThatThrownBy(() -> SecretToken.credentialOf("{\"appId\": \"1\", \"privateKey\": \"x\"}"))
                .hasMessageContaining("appId, installationId (a number) and privateKey");
        assertThat(SecretToken.credentialOf(appSecret("1", 2))).isInstanceOf(SecretToken.App.class);
        assertThat(SecretToken.credentialOf("ghp_abc")).isEqualTo(new SecretToken.PersonalToken("ghp_abc"));
    }

    private static SecretsManagerClient secrets(String secretString) {
        return new SecretsManagerClient() {
            @Override
            public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
                return GetSecretValueResponse.builder().secretString(secretString).build();
            }

            @Override
            public String serviceName() {
                return "secretsmanager";
            }

            @Override
            public void close() {
            }
        };
    }
}
