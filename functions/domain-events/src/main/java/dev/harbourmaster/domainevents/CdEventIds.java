package dev.harbourmaster.domainevents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * A CDEvent's id: a name-based UUID (version 5, SHA-1, RFC 9562) of the fact it tells, so every
 * delivery of one stream record, and every record that tells the same fact again, has the same id
 * and consumers can drop repeats. The name is the event's source, its type without the version
 * and what identifies the fact (the item's table key and, where one item tells several facts over
 * time, what tells them apart).
 */
final class CdEventIds {

    /** RFC 9562's namespace for names that are URLs: the source is a URI reference. */
    private static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    private CdEventIds() {}

    static String id(String source, String type, String fact) {
        return uuid5(NAMESPACE_URL, source + "#" + unversioned(type) + "#" + fact).toString();
    }

    /** "dev.cdevents.service.deployed.0.3.0" -> "dev.cdevents.service.deployed": a new schema version tells the same fact. */
    static String unversioned(String type) {
        String[] parts = type.split("\\.");
        return parts.length > 3 ? String.join(".", java.util.Arrays.copyOf(parts, parts.length - 3)) : type;
    }

    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
