package dev.harbourmaster.dashboard;

/** A request the dashboard cannot answer as asked; the message says what was wrong and what is allowed. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message);
    }
}
