package dev.harbourmaster.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.testing.DynamoDbFaults;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.WideProjects;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** `hm project apply` adopting builds pushed before any manifest named their repository. */
class ProjectRegistrationIT {

    private static final String REPOSITORY = "platform/base";
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private final Emulator emulator = new Emulator();
    private String table;
    private DynamoDbBuildLedger ledger;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        ledger = new DynamoDbBuildLedger(emulator.dynamo(), table);
    }

    private ProjectRegistration registration(DynamoDbClient dynamo) {
        return new ProjectRegistration(new DynamoDbCatalogue(dynamo, table), new DynamoDbBuildLedger(dynamo, table));
    }

    @Test
    void anAdoptionTooLargeForOneTransactionThatStoppedHalfWayIsFinishedByTheNextApply() {
        Build orphan = new Build(REPOSITORY, DIGEST, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + REPOSITORY,
                Set.of("ref.abc1234"), Instant.parse("2026-12-01T09:00:00Z"), "abc1234", ImageMetadata.NONE, BuildState.UNASSIGNED);
        ledger.recordNewBuild(orphan, List.of(), List.of());
        Project wide = WideProjects.of("wide", REPOSITORY, 120, List.of("staging"));
        // The catalogue's own writes are PutItems: the adoption's first transaction is the first TransactWriteItems.
        ProjectRegistration stopped = registration(DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator));

        assertThatThrownBy(() -> stopped.apply(wide)).isInstanceOf(SdkClientException.class);
        assertThat(ledger.build(REPOSITORY, DIGEST).orElseThrow().state()).isEqualTo(BuildState.RELEASING);

        ProjectRegistration.Result again = registration(emulator.dynamo()).apply(wide);

        assertThat(again.adoptions()).singleElement().satisfies(a -> assertThat(a.releases()).hasSize(120));
        assertThat(ledger.build(REPOSITORY, DIGEST).orElseThrow().state()).isEqualTo(BuildState.RELEASED);
        assertThat(ledger.releases("wide", 1000)).hasSize(120)
                .allSatisfy(r -> assertThat(r.createdAt()).isEqualTo(orphan.pushedAt()));
        assertThat(ledger.unassignedBuilds(REPOSITORY)).isEmpty();
        assertThat(registration(emulator.dynamo()).apply(wide).adoptions()).as("a third apply adopts nothing").isEmpty();
    }
}
