package dev.harbourmaster.support;

import java.nio.charset.StandardCharsets;

/**
 * The bound on every free text the table keeps (what a person wrote, what an image or ECS said), so
 * that an item stays far below DynamoDB's 400 KB whatever arrives: a 300 KB stopped reason once made
 * a deployment impossible to close as FAILED. Sizes are bytes of UTF-8, as DynamoDB counts them. The
 * domain records cut their texts when they are made, so a record read back equals the one written.
 *
 * <p>At most, a deployment's item holds its reason (TEXT) and, as evidence, 6 state reports, 20 tasks
 * of 10 containers and 10 service notices of 10 reasons, each text at most EVIDENCE: under 180 KB of text.
 */
public final class StoredText {

    /** Descriptions, reasons of release sets, deployments, locks and verdicts, who asked, image annotations. */
    public static final int TEXT = 4096;
    /** Each text ECS gave as evidence (stopped reasons, container reasons, service notices): ECS's are at most 255 characters. */
    public static final int EVIDENCE = 512;

    private StoredText() {}

    public static String text(String text) {
        return clip(text, TEXT);
    }

    public static String evidence(String text) {
        return clip(text, EVIDENCE);
    }

    /** The text, or its longest beginning that fits {@code maxBytes} with a mark that says where it was cut. */
    public static String clip(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        int total = text.getBytes(StandardCharsets.UTF_8).length;
        if (total <= maxBytes) {
            return text;
        }
        int budget = maxBytes - bytes(mark(maxBytes, total));
        int end = 0;
        int kept = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (kept + size > budget) {
                break;
            }
            kept += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + mark(kept, total);
    }

    private static String mark(int kept, int total) {
        return "… (cut after " + kept + " of " + total + " bytes)";
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
