package dev.harbourmaster.ports;

import java.time.Instant;
import java.util.List;

/**
 * Where Harbourmaster tells the world what finished (EventBridge in AWS). A send goes out in as
 * many calls as the bus needs, in order, and stops at the first call the bus does not wholly
 * accept: the events from there on are for the caller to send again (delivery is at least once).
 */
public interface DomainEventBus {

    Delivery send(List<Event> events);

    /** One event: its type, its JSON detail, and when it happened (null: when it is sent). */
    record Event(String detailType, String detail, Instant time) {}

    /** How a send ended; events are named by their position in the list sent. */
    sealed interface Delivery {

        /** The first event not known to be accepted: the list's size when all were. */
        int firstNotAccepted();
    }

    /** Every event was accepted. */
    record Accepted(int firstNotAccepted) implements Delivery {}

    /** A call failed as a whole: none of its {@code events} events, from {@code first}, is known to be accepted. */
    record CallFailed(int first, int events, RuntimeException error) implements Delivery {

        @Override
        public int firstNotAccepted() {
            return first;
        }
    }

    /** The bus refused the events it names; nothing from {@code firstNotAccepted} on is known to be accepted. */
    record Refused(int firstNotAccepted, List<Refusal> refusals) implements Delivery {}

    /** The bus said {@code failedCount} events of the call from {@code first} failed, without naming them. */
    record Unnamed(int first, int failedCount) implements Delivery {

        @Override
        public int firstNotAccepted() {
            return first;
        }
    }

    /** One event the bus refused, and the bus's reason. */
    record Refusal(int event, String errorCode, String errorMessage) {}
}
