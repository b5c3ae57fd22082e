package dev.harbourmaster.recorder.publish;

/**
 * Free text in events is cut short, so that an event stays far below EventBridge's 256 KB per
 * entry (and a log line below CloudWatch's) whatever a person or ECS wrote.
 */
final class Clip {

    /** Characters kept of a reason or a description. */
    static final int TEXT = 4096;
    /** Characters kept of each service's reason in a release set's event. */
    static final int SERVICE_REASON = 1024;
    static final String MARK = "… (cut)";

    private Clip() {}

    static String text(String text) {
        return clip(text, TEXT);
    }

    static String serviceReason(String text) {
        return clip(text, SERVICE_REASON);
    }

    static String clip(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - MARK.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + MARK;
    }
}
