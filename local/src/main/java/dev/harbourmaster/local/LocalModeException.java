package dev.harbourmaster.local;

/** Local mode cannot start or go on; the message says what is wrong and what to do. */
public final class LocalModeException extends RuntimeException {

    public LocalModeException(String message) {
        super(message);
    }

    public LocalModeException(String message, Throwable cause) {
        super(message, cause);
    }
}
