package dev.harbourmaster.domainevents;

import dev.harbourmaster.ports.DomainEventBus;

/** The event to send for the stream record at {@code index}, and what to write once it was accepted. */
record Publication(int index, StreamChange change, DomainEventBus.Event event, Runnable announce) {}
