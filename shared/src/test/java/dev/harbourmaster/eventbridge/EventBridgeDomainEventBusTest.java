package dev.harbourmaster.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.harbourmaster.ports.DomainEventBus.Accepted;
import dev.harbourmaster.ports.DomainEventBus.CallFailed;
import dev.harbourmaster.ports.DomainEventBus.Event;
import dev.harbourmaster.ports.DomainEventBus.Refusal;
import dev.harbourmaster.ports.DomainEventBus.Refused;
import dev.harbourmaster.ports.DomainEventBus.Unnamed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class EventBridgeDomainEventBusTest {

    private static final Instant ENDED = Instant.parse("2026-11-20T10:04:07.250Z");

    private final EventBridgeClient eventBridge = mock(EventBridgeClient.class);
    private final EventBridgeDomainEventBus bus = new EventBridgeDomainEventBus(eventBridge, "harbourmaster-test");

    private static List<Event> events(int count, int detailBytes) {
        return IntStream.range(0, count).mapToObj(i -> new Event("Deployment Finished",
                "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(Math.max(0, detailBytes - 20)) + "\"}", ENDED)).toList();
    }

    private static PutEventsResponse accepted(PutEventsRequest request) {
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(request.entries().stream().map(e -> PutEventsResultEntry.builder().eventId("id").build()).toList())
                .build();
    }

    private List<PutEventsRequest> calls() {
        ArgumentCaptor<PutEventsRequest> captor = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(eventBridge, atLeast(0)).putEvents(captor.capture());
        return captor.getAllValues();
    }

    @Test
    void eachEventBecomesAnEntryOfSourceHarbourmasterOnTheBus() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(call.getArgument(0)));

        assertThat(bus.send(List.of(new Event("Release Set Finished", "{}", null), new Event("Deployment Finished", "{\"a\":1}", ENDED))))
                .isEqualTo(new Accepted(2));

        assertThat(calls()).singleElement().satisfies(call -> assertThat(call.entries()).containsExactly(
                PutEventsRequestEntry.builder().eventBusName("harbourmaster-test").source("harbourmaster")
                        .detailType("Release Set Finished").detail("{}").build(),
                PutEventsRequestEntry.builder().eventBusName("harbourmaster-test").source("harbourmaster")
                        .detailType("Deployment Finished").detail("{\"a\":1}").time(ENDED).build()));
    }

    @Test
    void callsCarryAtMostTenEntriesInOrder() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(call.getArgument(0)));

        assertThat(bus.send(events(23, 100))).isEqualTo(new Accepted(23));

        assertThat(calls()).extracting(c -> c.entries().size()).containsExactly(10, 10, 3);
        assertThat(calls().stream().flatMap(c -> c.entries().stream()).map(PutEventsRequestEntry::detail))
                .containsExactlyElementsOf(events(23, 100).stream().map(Event::detail).toList());
    }

    @Test
    void callsStayUnder256KilobytesEvenWithFewerThanTenEntries() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(call.getArgument(0)));

        assertThat(bus.send(events(5, 60 * 1024))).isEqualTo(new Accepted(5));

        assertThat(calls()).extracting(c -> c.entries().size()).containsExactly(4, 1);
        assertThat(calls()).allSatisfy(c -> assertThat(c.entries().stream().mapToInt(e -> EventBridgeDomainEventBus.size(
                new Event(e.detailType(), e.detail(), e.time()))).sum()).isLessThanOrEqualTo(EventBridgeDomainEventBus.MAX_REQUEST_BYTES));
    }

    @Test
    void aCallThatThrowsStopsTheSendAtItsFirstEvent() {
        List<Integer> callSizes = new ArrayList<>();
        SdkClientException throttled = SdkClientException.create("throttled");
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> {
            PutEventsRequest request = call.getArgument(0);
            callSizes.add(request.entries().size());
            if (callSizes.size() == 2) {
                throw throttled;
            }
            return accepted(request);
        });

        assertThat(bus.send(events(25, 100))).isEqualTo(new CallFailed(10, 10, throttled));
        assertThat(callSizes).as("no call after the one that failed").containsExactly(10, 10);
    }

    @Test
    void aRefusedEntryIsNamedWithTheBusesReason() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().eventId("a").build(),
                        PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build(),
                        PutEventsResultEntry.builder().eventId("c").build())
                .build());

        assertThat(bus.send(events(3, 100)))
                .isEqualTo(new Refused(1, List.of(new Refusal(1, "InternalFailure", "try again"))));
    }

    @Test
    void resultsThatDoNotLineUpWithTheEntriesLeaveNoneOfTheCallAccepted() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().eventId("a").build(),
                        PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build())
                .build());

        assertThat(bus.send(events(3, 100)))
                .isEqualTo(new Refused(0, List.of(new Refusal(1, "InternalFailure", "try again"))));
    }

    @Test
    void failuresTheBusDoesNotNameFailTheWholeCall() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder().failedEntryCount(2)
                .entries(IntStream.range(0, 3).mapToObj(i -> PutEventsResultEntry.builder().eventId("e" + i).build()).toList())
                .build());

        assertThat(bus.send(events(3, 100))).isEqualTo(new Unnamed(0, 2));
    }

    @Test
    void nothingToSendMakesNoCall() {
        assertThat(bus.send(List.of())).isEqualTo(new Accepted(0));
        verifyNoInteractions(eventBridge);
    }
}
