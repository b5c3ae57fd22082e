package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets.Claim;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The deployer's batched writes on the emulator: services claimed with their set, and what came of them written at once. */
class DynamoDbReleaseSetsIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DIGEST = "sha256:" + "b".repeat(64);

    private final Emulator emulator = new Emulator();
    private String table;
    private DynamoDbReleaseSets releaseSets;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
    }

    private ReleaseSet requested(int services) {
        List<Release> releases = IntStream.range(0, services).mapToObj(i -> new Release("catalogue", null, "svc" + i,
                "abc1234", List.of(new ReleaseImage("svc" + i, "catalogue/svc" + i, DIGEST, "catalogue/svc" + i + "@" + DIGEST,
                "abc1234")), "catalogue/svc" + i, DIGEST, T0, null)).toList();
        ReleaseSet set = new ReleaseSet(Ulid.random(T0), "catalogue", "staging", null, releases, ReleaseSetKind.DEPLOY,
                "ada", "ship it", T0, ReleaseSetStatus.REQUESTED, null);
        assertThat(releaseSets.request(set)).isTrue();
        return set;
    }

    private static List<Deployment> claims(ReleaseSet set, Instant at) {
        return set.releases().stream().map(r -> Deployment.builder().releaseSetId(set.id()).projectId(set.projectId())
                .environmentId(set.environmentId()).serviceId(r.serviceId()).cluster("catalogue-staging")
                .ecsServiceName(r.serviceId() + "-staging").releaseHash(r.releaseHash()).images(r.images())
                .claimedAt(at)).toList();
    }

    private Instant heldUntil() {
        Map<String, AttributeValue> item = emulator.dynamo().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Attributes.key(Keys.project("catalogue"), Keys.inFlight("staging")))).item();
        return Times.parse(item.get("holdUntil").s());
    }

    @Test
    void theClaimWritesTheServicesClaimsInItsOwnTransaction() {
        ReleaseSet set = requested(3);
        emulator.resetCalls();

        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims(set, T0))).isEqualTo(Claim.CLAIMED);

        assertThat(emulator.calls()).containsExactly("DynamoDb:TransactWriteItems");
        assertThat(releaseSets.deployments(set.id())).extracting(Deployment::serviceId)
                .containsExactlyInAnyOrder("svc0", "svc1", "svc2");
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
    }

    @Test
    void aClaimRefusedWritesNoServiceClaim() {
        ReleaseSet set = requested(2);
        releaseSets.lock(new Lock("catalogue", "staging", "bob", "freeze", T0.minusSeconds(60), null, null));

        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims(set, T0))).isEqualTo(Claim.LOCKED);

        assertThat(releaseSets.deployments(set.id())).isEmpty();
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.REQUESTED);
    }

    @Test
    void aServiceClaimedAlreadyMakesTheClaimNotOurs() {
        ReleaseSet set = requested(2);
        assertThat(releaseSets.startDeployment(claims(set, T0.minusSeconds(5)).get(1))).isTrue();

        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims(set, T0))).isEqualTo(Claim.NOT_REQUESTED);

        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.REQUESTED);
        assertThat(releaseSets.deployments(set.id())).singleElement().extracting(Deployment::serviceId).isEqualTo("svc1");
    }

    @Test
    void moreServicesThanAClaimTakesAreRefusedBeforeAnythingIsWritten() {
        ReleaseSet set = requested(97);

        assertThatThrownBy(() -> releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims(set, T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 96");
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.REQUESTED);
    }

    @Test
    void whatCameOfEachServiceIsWrittenAtOnceWithTheEnvironmentHeldLonger() {
        ReleaseSet set = requested(150);
        List<Deployment> claims = claims(set, T0);
        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims.subList(0, 96))).isEqualTo(Claim.CLAIMED);
        claims.subList(96, 150).forEach(d -> assertThat(releaseSets.startDeployment(d)).isTrue());
        List<Deployment> started = claims.stream().map(d -> d.started("td:" + d.serviceId(), "ecs-svc/" + d.serviceId())).toList();
        emulator.resetCalls();

        releaseSets.updateDeployments(set, started, T0.plus(Duration.ofHours(5)));

        assertThat(emulator.calls()).as("150 updates and the hold: 100 writes a transaction")
                .containsExactly("DynamoDb:TransactWriteItems", "DynamoDb:TransactWriteItems");
        assertThat(releaseSets.deployments(set.id())).hasSize(150)
                .allSatisfy(d -> assertThat(d.ecsDeploymentId()).isEqualTo("ecs-svc/" + d.serviceId()));
        assertThat(heldUntil()).isEqualTo(T0.plus(Duration.ofHours(5)));
    }

    @Test
    void aServiceAnotherWriterChangedFirstKeepsWhatItWroteAndTheRestAreWritten() {
        ReleaseSet set = requested(3);
        List<Deployment> claims = claims(set, T0);
        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)), claims)).isEqualTo(Claim.CLAIMED);
        releaseSets.updateDeployment(claims.get(1).started("td:other", "ecs-svc/other"));

        releaseSets.updateDeployments(set, claims.stream().map(d -> d.started("td:2", "ecs-svc/" + d.serviceId())).toList(),
                T0.plus(Duration.ofHours(1)));

        assertThat(releaseSets.deployments(set.id())).extracting(Deployment::serviceId, Deployment::ecsDeploymentId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("svc0", "ecs-svc/svc0"),
                        org.assertj.core.groups.Tuple.tuple("svc1", "ecs-svc/other"),
                        org.assertj.core.groups.Tuple.tuple("svc2", "ecs-svc/svc2"));
        assertThat(heldUntil()).as("an hour is not longer than the claim's two").isEqualTo(T0.plus(Duration.ofHours(2)));
    }
}
