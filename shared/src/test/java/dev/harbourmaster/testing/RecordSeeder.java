package dev.harbourmaster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.CurrentStates;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Ulid;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes release sets, deployments and current-state rows the way the deployer and the
 * deployment-recorder do, through the production adapters: request, claim, start each service,
 * then record each outcome from ECS-like evidence with {@link DeploymentRecords#record}, which
 * writes the deployment, the set's outcome and the current-state row in one transaction.
 */
public final class RecordSeeder {

    public static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";

    private final Project project;
    private final ReleaseSets releaseSets;
    private final DynamoDbDeploymentRecords records;
    private int ecsDeployments;

    public RecordSeeder(Emulator emulator, String table, Project project) {
        this.project = project;
        this.releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        this.records = new DynamoDbDeploymentRecords(emulator.dynamo(), table);
    }

    public ReleaseSets releaseSets() {
        return releaseSets;
    }

    /** A deterministic digest per text. */
    public static String digest(String seed) {
        try {
            return "sha256:" + String.format("%064x", new BigInteger(1,
                    MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the release (and its build) as build-recorder records a push: the deployer reads each
     * release of a set again from the ledger before it deploys. A build already recorded is left as it is.
     */
    public static void recorded(DynamoDbClient dynamo, String table, Release release) {
        new DynamoDbBuildLedger(dynamo, table).recordNewBuild(new Build(release.sourceRepository(), release.sourceDigest(),
                REGISTRY + release.sourceRepository(), Set.of("ref." + release.releaseHash()), release.createdAt(),
                release.releaseHash(), ImageMetadata.NONE, BuildState.RELEASED), List.of(release), List.of());
    }

    /** A release of a service of the project: one digest-pinned image per container. */
    public Release release(String serviceId, String releaseHash, Instant createdAt) {
        Service service = project.service(serviceId).orElseThrow();
        List<ReleaseImage> images = new ArrayList<>();
        for (Container c : service.containers()) {
            String digest = digest(c.repository() + "@" + releaseHash);
            images.add(new ReleaseImage(c.name(), c.repository(), digest, REGISTRY + c.repository() + "@" + digest, releaseHash));
        }
        return new Release(project.id(), project.serviceSetOf(serviceId).orElseThrow().id(), serviceId, releaseHash, images,
                service.containers().get(0).repository(), images.get(0).digest(), createdAt, "change " + releaseHash);
    }

    /** Writes a REQUESTED release set of these services, made at {@code at} (its ULID carries that time). */
    public ReleaseSet request(String environmentId, Instant at, String who, String why, String serviceSet,
                              List<Release> releases) {
        return request(environmentId, at, ReleaseSetKind.DEPLOY, who, why, serviceSet, releases);
    }

    public ReleaseSet request(String environmentId, Instant at, ReleaseSetKind kind, String who, String why,
                              String serviceSet, List<Release> releases) {
        ReleaseSet set = new ReleaseSet(Ulid.random(at), project.id(), environmentId, serviceSet, releases, kind, who, why,
                at, ReleaseSetStatus.REQUESTED, null);
        assertThat(releaseSets.request(set)).isTrue();
        return set;
    }

    public void reject(ReleaseSet set, String reason) {
        assertThat(releaseSets.reject(set.id(), reason)).isTrue();
    }

    public void lock(String environmentId, String owner, String reason, Instant lockedAt, Instant expiresAt) {
        releaseSets.lock(new Lock(project.id(), environmentId, owner, reason, lockedAt, expiresAt));
    }

    /**
     * Claims the set and starts every service in ECS (as the deployer), then records each service's
     * evidence (as the recorder): a service missing from {@code evidence} stays IN_PROGRESS, and so
     * does the set, holding its environment.
     */
    public Map<String, Deployment> deploy(ReleaseSet set, Map<String, DeploymentEvidence> evidence) {
        Instant at = set.requestedAt();
        assertThat(releaseSets.claim(set, at, Instant.now().plus(Duration.ofHours(2)))).isEqualTo(ReleaseSets.Claim.CLAIMED);
        Environment environment = project.environment(set.environmentId()).orElseThrow();
        for (Release release : set.releases()) {
            String ecsService = environment.ecsServiceNameOf(project.id(), release.serviceSetId(), release.serviceId());
            Deployment claimed = Deployment.builder().releaseSetId(set.id()).projectId(project.id())
                    .environmentId(environment.id()).serviceId(release.serviceId()).cluster(environment.cluster())
                    .ecsServiceName(ecsService).releaseHash(release.releaseHash()).images(release.images())
                    .previousTaskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + ecsService + ":"
                            + ecsDeployments)
                    .claimedAt(at);
            assertThat(releaseSets.startDeployment(claimed)).isTrue();
            releaseSets.updateDeployment(claimed.started(
                    "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + ecsService + ":" + (ecsDeployments + 1),
                    "ecs-svc/" + (1_000_000_000L + ++ecsDeployments)));
        }
        Map<String, Deployment> recorded = new LinkedHashMap<>();
        for (Release release : set.releases()) {
            DeploymentEvidence seen = evidence.get(release.serviceId());
            if (seen != null) {
                recorded.put(release.serviceId(), record(set.id(), release.serviceId(), seen));
            }
        }
        return recorded;
    }

    /** What the recorder does with evidence: the deployment decided from it, the set's outcome once all are final, the row. */
    public Deployment record(String releaseSetId, String serviceId, DeploymentEvidence seen) {
        DeploymentRecords.SetRecord setRecord = records.setRecord(releaseSetId).orElseThrow();
        Deployment before = setRecord.deployment(serviceId).orElseThrow();
        Deployment after = before.withEvidence(seen);
        List<Deployment> all = new ArrayList<>(setRecord.deployments().stream()
                .filter(d -> !d.serviceId().equals(serviceId)).toList());
        all.add(after);
        ReleaseSetOutcome outcome = ReleaseSetOutcome.of(setRecord.set(), all).orElse(null);
        ReleaseSet set = setRecord.set();
        CurrentState current = records.currentState(set.projectId(), set.environmentId(), serviceId).orElse(null);
        CurrentState next = CurrentStates.after(current, after, set);
        assertThat(records.record(new DeploymentRecords.Change(setRecord, before, after, outcome, current, next, null, null)))
                .as("recording %s of %s", serviceId, releaseSetId).isTrue();
        return after;
    }

    /** Someone changed the service outside Harbourmaster (console, Terraform): an out-of-band deployment and its mark on the row. */
    public void outOfBand(String environmentId, String serviceId, String ecsDeploymentId, Instant at) {
        Environment environment = project.environment(environmentId).orElseThrow();
        String ecsService = environment.ecsServiceNameOf(project.id(),
                project.serviceSetOf(serviceId).orElseThrow().id(), serviceId);
        Deployment deployment = Deployment.builder().projectId(project.id()).environmentId(environmentId)
                .serviceId(serviceId).cluster(environment.cluster()).ecsServiceName(ecsService)
                .ecsDeploymentId(ecsDeploymentId).status(DeploymentStatus.COMPLETED)
                .reason("started outside Harbourmaster").startedAt(at).endedAt(at)
                .evidence(DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.COMPLETED, at, null, "event")))
                .build();
        Optional<CurrentState> current = records.currentState(project.id(), environmentId, serviceId);
        CurrentState next = CurrentStates.withOutOfBand(current.orElse(null), deployment);
        assertThat(records.recordOutOfBand(null, deployment, current.orElse(null), next)).isTrue();
    }

    // ECS-like evidence, as the recorder gathers it from events.

    /** ECS completed and a task ran the release's digests. */
    public static DeploymentEvidence completed(Release release, Instant at) {
        return DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.IN_PROGRESS, at.plusSeconds(5), null, "event"))
                .withReport(new EcsReport(EcsReport.COMPLETED, at.plusSeconds(252), "ECS deployment completed", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/c/" + taskId(release, "ok"), 3, "RUNNING",
                        null, release.images().stream().map(i -> new TaskEvidence.ContainerEvidence(i.container(),
                        i.digest(), null, null)).toList(), null, null, at.plusSeconds(60), null));
    }

    /** The new tasks kept exiting; ECS's circuit breaker rolled back to the previous deployment. */
    public static DeploymentEvidence rolledBack(Release release, Instant at) {
        String container = release.images().get(0).container();
        return DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.IN_PROGRESS, at.plusSeconds(5), null, "event"))
                .withReport(new EcsReport(EcsReport.FAILED, at.plusSeconds(600),
                        "ECS deployment circuit breaker: tasks failed to start.", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/c/" + taskId(release, "bad"), 5, "STOPPED",
                        null, List.of(new TaskEvidence.ContainerEvidence(container, release.images().get(0).digest(), 137L,
                        "OutOfMemoryError: Container killed due to memory usage")),
                        "Essential container in task exited", "EssentialContainerExited", at.plusSeconds(40),
                        at.plusSeconds(70)))
                .withNotice(new ServiceNotice("notice-" + taskId(release, "n"), at.plusSeconds(300), "WARN",
                        "SERVICE_TASK_START_IMPAIRED", List.of("tasks keep stopping")))
                .withRollback(new Rollback("ecs-svc/9" + taskId(release, "rb").substring(0, 8), "ecs-svc/previous",
                        EcsReport.COMPLETED, at.plusSeconds(400)));
    }

    private static String taskId(Release release, String salt) {
        return digest(release.serviceId() + release.releaseHash() + salt).substring(7, 39);
    }
}
