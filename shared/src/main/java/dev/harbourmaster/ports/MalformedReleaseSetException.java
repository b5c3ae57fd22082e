package dev.harbourmaster.ports;

/** A stored release set that cannot be read (written by hand, or by a broken client). */
public class MalformedReleaseSetException extends RuntimeException {

    private final String releaseSetId;

    public MalformedReleaseSetException(String releaseSetId, String message, Throwable cause) {
        super("release set " + releaseSetId + " is malformed: " + message, cause);
        this.releaseSetId = releaseSetId;
    }

    public String releaseSetId() {
        return releaseSetId;
    }
}
