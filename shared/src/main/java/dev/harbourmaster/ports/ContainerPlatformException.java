package dev.harbourmaster.ports;

/**
 * A container platform call that failed for a reason a person must fix (service missing, task
 * definition invalid, access denied, ...), or that still failed after the client's retries
 * ({@link #isTransient()}). The message is the operation, what it was about and the platform's
 * own error, e.g. "UpdateService catalogue-api-prod: ServiceNotFoundException: Service not found."
 */
public class ContainerPlatformException extends RuntimeException {

    private final String operation;
    private final String target;
    private final String errorCode;
    private final boolean transientFailure;

    /** An error the platform reported: its error code (e.g. ServiceNotFoundException) and message. */
    public ContainerPlatformException(String operation, String target, String errorCode, String errorMessage,
                                      boolean transientFailure, Throwable cause) {
        super(operation + " " + target + ": " + errorCode + ": " + errorMessage, cause);
        this.operation = operation;
        this.target = target;
        this.errorCode = errorCode;
        this.transientFailure = transientFailure;
    }

    /** A request refused before it reached the platform, e.g. an image for a container that does not exist. */
    public ContainerPlatformException(String operation, String target, String problem) {
        super(operation + " " + target + ": " + problem);
        this.operation = operation;
        this.target = target;
        this.errorCode = null;
        this.transientFailure = false;
    }

    /** The platform's operation, e.g. UpdateService. */
    public String operation() {
        return operation;
    }

    /** What the operation was about: a service, a task definition, a cluster's services. */
    public String target() {
        return target;
    }

    /** The platform's error code, e.g. ServiceNotFoundException; null when the request never reached it. */
    public String errorCode() {
        return errorCode;
    }

    /**
     * True when the platform was throttling or failing on its side and the client's retries ran
     * out: the same request may succeed later, nothing needs fixing.
     */
    public boolean isTransient() {
        return transientFailure;
    }
}
