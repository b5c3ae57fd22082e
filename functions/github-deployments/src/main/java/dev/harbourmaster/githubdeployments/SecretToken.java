package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The bearer token for GitHub, from the Secrets Manager secret GITHUB_TOKEN_SECRET, read when first
 * needed and again after {@link #TTL} (a rotated secret is used within the hour without a cold
 * start). The SecretString is a token itself, JSON with a "token" field, or a GitHub App's JSON
 * {"appId", "installationId", "privateKey" (its PEM)}: then the token is an installation access
 * token, minted with the app's JWT and minted again {@link #RENEW_BEFORE} before it expires.
 */
final class SecretToken implements Supplier<String> {

    static final Duration TTL = Duration.ofHours(1);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    /** How an installation token is had for a JWT (GitHubApi's createInstallationToken). */
    interface Minter {
        GitHubApi.InstallationToken mint(String jwt, long installationId);
    }

    /** What the secret holds. */
    sealed interface Credential permits PersonalToken, App {}

    record PersonalToken(String token) implements Credential {}

    record App(String appId, long installationId, PrivateKey key) implements Credential {}

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Supplier<Instant> clock;
    private final Minter minter;
    private Credential credential;
    private Instant readAt;
    private GitHubApi.InstallationToken installationToken;

    SecretToken(SecretsManagerClient secrets, String secretId, Supplier<Instant> clock, Minter minter) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
        this.minter = minter;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.get();
        if (credential == null || now.isAfter(readAt.plus(TTL))) {
            credential = credentialOf(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
            readAt = now;
            installationToken = null;
        }
        if (credential instanceof PersonalToken personal) {
            return personal.token();
        }
        App app = (App) credential;
        if (installationToken == null || now.isAfter(installationToken.expiresAt().minus(RENEW_BEFORE))) {
            installationToken = minter.mint(AppJwt.sign(app.appId(), app.key(), now), app.installationId());
        }
        return installationToken.token();
    }

    static Credential credentialOf(String secretString) {
        String text = secretString == null ? "" : secretString.strip();
        if (!text.startsWith("{")) {
            return personal(text);
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("the GitHub token's secret is JSON that cannot be read: " + e.getMessage());
        }
        if (parsed.has("appId") || parsed.has("privateKey")) {
            String appId = parsed.path("appId").asText("").strip();
            String installation = parsed.path("installationId").asText("").strip();
            if (appId.isEmpty() || !installation.matches("\\d+")) {
                throw new IllegalStateException("the GitHub App's secret needs appId, installationId (a number) and privateKey");
            }
            return new App(appId, Long.parseLong(installation), RsaKeys.privateKey(parsed.path("privateKey").asText()));
        }
        return personal(parsed.path("token").asText("").strip());
    }

    /** The token of a secret that holds a personal or machine user's token (tests and the IT read it so). */
    static String tokenOf(String secretString) {
        if (credentialOf(secretString) instanceof PersonalToken personal) {
            return personal.token();
        }
        throw new IllegalStateException("the secret holds a GitHub App's credentials, not a token");
    }

    private static PersonalToken personal(String token) {
        if (token.isEmpty()) {
            throw new IllegalStateException("the GitHub token's secret holds no token (a SecretString of the token, {\"token\": …},"
                    + " or a GitHub App's {\"appId\", \"installationId\", \"privateKey\"})");
        }
        return new PersonalToken(token);
    }
}
