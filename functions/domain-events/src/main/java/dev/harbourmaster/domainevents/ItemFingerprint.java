package dev.harbourmaster.domainevents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A SHA-256 of an item image in a canonical form (names sorted at every level, sets sorted), so
 * the same item written twice, or one stream record delivered twice, gives the same fingerprint
 * whatever order the stream's JSON had.
 */
final class ItemFingerprint {

    private ItemFingerprint() {}

    static String of(Map<String, AttributeValue> image) {
        StringBuilder text = new StringBuilder();
        append(text, image);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void append(StringBuilder text, Map<String, AttributeValue> map) {
        text.append('{');
        new TreeMap<>(map).forEach((name, value) -> {
            quoted(text, name);
            text.append(':');
            append(text, value);
            text.append(',');
        });
        text.append('}');
    }

    private static void append(StringBuilder text, AttributeValue value) {
        if (value == null || Boolean.TRUE.equals(value.nul())) {
            text.append("NULL");
        } else if (value.s() != null) {
            text.append("S");
            quoted(text, value.s());
        } else if (value.n() != null) {
            text.append("N").append(value.n());
        } else if (value.bool() != null) {
            text.append("BOOL").append(value.bool());
        } else if (value.b() != null) {
            text.append("B").append(HexFormat.of().formatHex(value.b().asByteArray()));
        } else if (value.hasM()) {
            text.append("M");
            append(text, value.m());
        } else if (value.hasL()) {
            text.append("L[");
            value.l().forEach(v -> {
                append(text, v);
                text.append(',');
            });
            text.append(']');
        } else if (value.hasSs()) {
            text.append("SS").append(value.ss().stream().sorted().toList());
        } else if (value.hasNs()) {
            text.append("NS").append(value.ns().stream().sorted().toList());
        } else if (value.hasBs()) {
            text.append("BS").append(value.bs().stream().map(b -> HexFormat.of().formatHex(b.asByteArray())).sorted().toList());
        } else {
            text.append("NULL");
        }
    }

    private static void quoted(StringBuilder text, String s) {
        text.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
