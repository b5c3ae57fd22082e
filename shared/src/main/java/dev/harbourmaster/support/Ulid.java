package dev.harbourmaster.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * ULIDs: 26 characters, Crockford base32, 48 bits of milliseconds then 80 bits of randomness, so
 * that text order is creation order (release sets list newest first by their id).
 */
public final class Ulid {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ulid() {}

    public static String random(Instant at) {
        byte[] randomness = new byte[10];
        RANDOM.nextBytes(randomness);
        return encode(at.toEpochMilli(), randomness);
    }

    /** The same id for the same time and seed: lets a repeated event insert the same item. */
    public static String derived(Instant at, String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            byte[] randomness = new byte[10];
            System.arraycopy(hash, 0, randomness, 0, 10);
            return encode(at.toEpochMilli(), randomness);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * The smallest ULID of a millisecond (all randomness zero): every id made at or after
     * {@code at} sorts at or above it, every earlier one below. A bound for "since" queries.
     */
    public static String lowest(Instant at) {
        return encode(at.toEpochMilli(), new byte[10]);
    }

    public static boolean isValid(String text) {
        if (text == null || text.length() != 26 || text.charAt(0) > '7') {
            return false;
        }
        for (char c : text.toCharArray()) {
            if (new String(ALPHABET).indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String encode(long millis, byte[] randomness) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 bits of randomness = 16 base32 characters.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (randomness[i] & 0xFF);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (randomness[i] & 0xFF);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
