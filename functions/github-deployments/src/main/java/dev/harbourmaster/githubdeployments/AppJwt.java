package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON Web Token a GitHub App authenticates as itself with (RS256, as GitHub's "Generating a
 * JSON Web Token (JWT) for a GitHub App" says): issued 60 s in the past (clock drift), expiring
 * 9 minutes later (GitHub's limit is 10), the app's id as issuer.
 */
final class AppJwt {

    static final long BACKDATE_SECONDS = 60;
    static final long LIFETIME_SECONDS = 540;

    private AppJwt() {}

    static String sign(String appId, PrivateKey key, Instant now) {
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        ObjectNode claims = Json.MAPPER.createObjectNode()
                .put("iat", now.getEpochSecond() - BACKDATE_SECONDS)
                .put("exp", now.getEpochSecond() - BACKDATE_SECONDS + LIFETIME_SECONDS)
                .put("iss", appId);
        String signed = base64(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + base64(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the GitHub App's JWT cannot be signed: " + e.getMessage(), e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
