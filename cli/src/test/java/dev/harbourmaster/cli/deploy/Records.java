package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records of the example project ("catalogue") made in memory, as the deployer and recorder would write them. */
final class Records {

    static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    static final Project PROJECT = Fixtures.exampleProject();
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00.000Z");

    private Records() {}

    static String digest(String seed) {
        try {
            return "sha256:" + String.format("%064x", new BigInteger(1,
                    MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A release with one digest-pinned image per container (the digest follows from repository and hash). */
    static Release release(String serviceId, String hash, Instant createdAt) {
        Service service = PROJECT.service(serviceId).orElseThrow();
        List<ReleaseImage> images = new ArrayList<>();
        for (Container c : service.containers()) {
            String digest = digest(c.repository() + "@" + hash);
            images.add(new ReleaseImage(c.name(), c.repository(), digest, REGISTRY + c.repository() + "@" + digest, hash));
        }
        return new Release(PROJECT.id(), PROJECT.serviceSetOf(serviceId).orElseThrow().id(), serviceId, hash, images,
                service.containers().get(0).repository(), images.get(0).digest(), createdAt, "change " + hash);
    }

    static ReleaseSet set(String environmentId, Instant at, ReleaseSetStatus status, Release... releases) {
        return new ReleaseSet(Ulid.random(at), PROJECT.id(), environmentId, null, Arrays.asList(releases),
                ReleaseSetKind.DEPLOY, "alice@example.com", "why " + at, at, status, null);
    }

    /** The current-state row of a service running {@code release}, put there by {@code setId}. */
    static CurrentState running(String environmentId, Release release, String setId) {
        return new CurrentState(PROJECT.id(), environmentId, release.serviceId(),
                new CurrentState.Running(release.releaseHash(), release.images(), setId, DeploymentStatus.COMPLETED,
                        NOW.minusSeconds(3600), "alice@example.com", "why", "ecs-svc/1"), null, null, 1);
    }

    static ProjectState state(CurrentState... rows) {
        return new ProjectState(PROJECT, List.of(rows));
    }

    static Deployment deployment(ReleaseSet set, Release release, DeploymentStatus status, String reason, String ecsId) {
        return Deployment.builder().releaseSetId(set.id()).projectId(PROJECT.id()).environmentId(set.environmentId())
                .serviceId(release.serviceId()).cluster("catalogue-staging")
                .ecsServiceName("catalogue-" + release.serviceId() + "-" + set.environmentId())
                .releaseHash(release.releaseHash()).images(release.images()).ecsDeploymentId(ecsId)
                .status(status).reason(reason).startedAt(NOW).endedAt(status.isFinal() ? NOW.plusSeconds(60) : null)
                .build();
    }

    static SetRecord record(ReleaseSet set, ReleaseSetStatus status, String reason, Deployment... deployments) {
        return new SetRecord(set.withStatus(status, reason), 1, List.of(deployments));
    }
}
