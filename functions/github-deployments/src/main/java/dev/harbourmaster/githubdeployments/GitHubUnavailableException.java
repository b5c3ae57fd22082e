package dev.harbourmaster.githubdeployments;

/** GitHub answered 5xx or 429, was rate-limited, or did not answer in time, on every attempt: worth another delivery. */
final class GitHubUnavailableException extends RuntimeException {

    GitHubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
