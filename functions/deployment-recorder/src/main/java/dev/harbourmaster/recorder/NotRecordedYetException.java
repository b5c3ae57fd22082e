package dev.harbourmaster.recorder;

/**
 * An event that is probably about a deployment the deployer has started but not yet written down
 * (ECS answered UpdateService, the event overtook our write). Thrown so that Lambda delivers the
 * event again later; after the grace period the event is recorded for what it then appears to be.
 */
public final class NotRecordedYetException extends RuntimeException {

    public NotRecordedYetException(String message) {
        super(message);
    }
}
