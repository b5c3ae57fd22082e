package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The GitHub token, read from Secrets Manager (GITHUB_TOKEN_SECRET) when first needed and again
 * after {@link #TTL}, so that a rotated token is used within the hour without a cold start. The
 * SecretString is the token itself, or JSON with a "token" field.
 */
final class SecretToken implements Supplier<String> {

    static final Duration TTL = Duration.ofHours(1);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Supplier<Instant> clock;
    private String token;
    private Instant readAt;

    SecretToken(SecretsManagerClient secrets, String secretId, Supplier<Instant> clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.get();
        if (token == null || now.isAfter(readAt.plus(TTL))) {
            token = tokenOf(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
            readAt = now;
        }
        return token;
    }

    static String tokenOf(String secretString) {
        String text = secretString == null ? "" : secretString.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode parsed = Json.MAPPER.readTree(text);
                text = parsed.path("token").asText("").strip();
            } catch (IOException e) {
                throw new IllegalStateException("the GitHub token's secret is JSON that cannot be read: " + e.getMessage());
            }
        }
        if (text.isEmpty()) {
            throw new IllegalStateException("the GitHub token's secret holds no token (a SecretString of the token, or {\"token\": …})");
        }
        return text;
    }
}
