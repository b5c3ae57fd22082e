package dev.harbourmaster.githubdeployments;

/** GitHub answered 4xx (not 429, not a rate limit): asking again cannot change its answer. */
final class GitHubRefusedException extends RuntimeException {

    private final int status;

    GitHubRefusedException(String request, int status, String message) {
        super(request + " answered " + status + ": " + message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
