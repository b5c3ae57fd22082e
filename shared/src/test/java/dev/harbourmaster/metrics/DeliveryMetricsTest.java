package dev.harbourmaster.metrics;

import static dev.harbourmaster.domain.DeploymentStatus.COMPLETED;
import static dev.harbourmaster.domain.DeploymentStatus.COMPLETED_UNVERIFIED;
import static dev.harbourmaster.domain.DeploymentStatus.DIGEST_MISMATCH;
import static dev.harbourmaster.domain.DeploymentStatus.FAILED;
import static dev.harbourmaster.domain.DeploymentStatus.IN_PROGRESS;
import static dev.harbourmaster.domain.DeploymentStatus.ROLLED_BACK;
import static dev.harbourmaster.domain.DeploymentStatus.TIMED_OUT;
import static dev.harbourmaster.domain.DeploymentStatus.UNCHANGED;
import static dev.harbourmaster.domain.ReleaseSetKind.DEPLOY;
import static dev.harbourmaster.domain.ReleaseSetKind.PROMOTE;
import static dev.harbourmaster.domain.ReleaseSetKind.ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.metrics.DeliveryReport.CountPoint;
import dev.harbourmaster.metrics.DeliveryReport.Measures;
import dev.harbourmaster.metrics.DeliveryReport.StillFailing;
import dev.harbourmaster.metrics.Window.BucketSize;
import dev.harbourmaster.ports.DeliveryRecords.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {

    /** A Monday. The window is its week, by the day. */
    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Window WEEK = new Window(T0, T0.plus(Duration.ofDays(7)), BucketSize.DAY);

    private static final Project PROJECT = new Project("catalogue", "Catalogue", null,
            List.of(new Environment("staging", "Staging", "c-staging", "{service}-{env}", true),
                    new Environment("prod", "Production", "c-prod", "{service}-{env}", false)),
            List.of(new ServiceSet("pipeline", "Pipeline", List.of(
                    new Service("id_minter", "ID minter", List.of()), new Service("ingestor", "Ingestor", List.of())))));

    private final List<ReleaseSet> sets = new ArrayList<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private int ids;

    private static Instant at(int day, int hour) {
        return T0.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
    }

    /** A set of one service in an environment, its image pushed {@code pushed}; the deployment started at {@code start}, took {@code minutes}. */
    private ReleaseSet deploy(ReleaseSetKind kind, String env, String service, Instant pushed, Instant start,
                              DeploymentStatus status, long minutes) {
        String id = String.format("01SET%05d", ++ids);
        ReleaseSet set = new ReleaseSet(id, "catalogue", env, null,
                List.of(new Release("catalogue", "pipeline", service, "h" + ids, List.of(), "catalogue/" + service, "sha256:" + ids,
                        pushed, null)),
                kind, "ada", "why", start, ReleaseSetStatus.SUCCEEDED, null);
        sets.add(set);
        deployments.add(deployment(id, env, service, status, start, status == IN_PROGRESS ? null : start.plus(Duration.ofMinutes(minutes))));
        return set;
    }

    private ReleaseSet deploy(String env, String service, Instant start, DeploymentStatus status) {
        return deploy(DEPLOY, env, service, start.minus(Duration.ofHours(1)), start, status, 10);
    }

    private static Deployment deployment(String setId, String env, String service, DeploymentStatus status, Instant start,
                                         Instant end) {
        return Deployment.builder().releaseSetId(setId).projectId("catalogue").environmentId(env).serviceId(service)
                .cluster("c-" + env).ecsServiceName(service + "-" + env).releaseHash("h")
                .status(status).startedAt(start).endedAt(end).revision(1).build();
    }

    private DeliveryReport report() {
        return DeliveryMetrics.compute(WEEK, PROJECT, new History(sets, deployments));
    }

    private Measures minter() {
        return report().service("staging", "id_minter").orElseThrow();
    }

    @Test
    void anEmptyHistoryHasEveryEnvironmentAndServiceWithZerosAndNoValues() {
        DeliveryReport report = report();

        assertThat(report.environments()).extracting(Measures::environmentId).containsExactly("staging", "prod");
        assertThat(report.services()).extracting(m -> m.environmentId() + "/" + m.serviceId()).containsExactly(
                "staging/id_minter", "staging/ingestor", "prod/id_minter", "prod/ingestor");
        Measures staging = report.environment("staging").orElseThrow();
        assertThat(staging.serviceId()).isNull();
        assertThat(staging.deploymentFrequency().n()).isZero();
        assertThat(staging.deploymentFrequency().perDay()).isZero();
        assertThat(staging.deploymentFrequency().series()).hasSize(7).extracting(CountPoint::n).containsOnly(0L);
        assertThat(staging.leadTime().median()).isNull();
        assertThat(staging.leadTime().p90()).isNull();
        assertThat(staging.leadTime().series()).hasSize(7).allSatisfy(p -> assertThat(p.median()).isNull());
        assertThat(staging.changeFailureRate().rate()).isNull();
        assertThat(staging.changeFailureRate().series()).hasSize(7).allSatisfy(p -> assertThat(p.rate()).isNull());
        assertThat(staging.timeToRestore().median()).isNull();
        assertThat(staging.timeToRestore().stillFailing()).isEmpty();
        assertThat(report.ignoredDeployments()).isZero();
    }

    @Test
    void frequencyCountsCompletedAndUnverifiedButNotUnchangedFailedOrInFlight() {
        deploy("staging", "id_minter", at(0, 9), COMPLETED);
        deploy("staging", "id_minter", at(0, 12), COMPLETED_UNVERIFIED);
        deploy("staging", "id_minter", at(2, 9), UNCHANGED);
        deploy("staging", "id_minter", at(3, 9), FAILED);
        deploy("staging", "id_minter", at(4, 9), COMPLETED);
        deploy(ROLLBACK, "staging", "ingestor", at(0, 0), at(4, 10), COMPLETED, 5);
        deploy("staging", "id_minter", at(6, 9), IN_PROGRESS);

        Measures minter = minter();
        assertThat(minter.deploymentFrequency().n()).isEqualTo(3);
        assertThat(minter.deploymentFrequency().perDay()).isEqualTo(3 / 7.0);
        assertThat(minter.deploymentFrequency().series()).extracting(CountPoint::n).containsExactly(2L, 0L, 0L, 0L, 1L, 0L, 0L);
        assertThat(minter.deploymentFrequency().series().get(4).start()).isEqualTo(at(4, 0));
        Measures staging = report().environment("staging").orElseThrow();
        assertThat(staging.deploymentFrequency().n()).as("a rollback that rolled is a deployment").isEqualTo(4);
    }

    @Test
    void leadTimeRunsFromThePushToTheEndOfCompletedDeploymentsOfDeployAndPromoteSets() {
        deploy(DEPLOY, "staging", "id_minter", at(0, 8), at(0, 9), COMPLETED, 30);           // 1h30
        deploy(PROMOTE, "staging", "id_minter", at(0, 0), at(1, 0), COMPLETED, 60);          // 25h
        deploy(DEPLOY, "staging", "id_minter", at(1, 8), at(1, 9), COMPLETED, 0);            // 1h
        deploy(DEPLOY, "staging", "id_minter", at(2, 8), at(2, 9), COMPLETED_UNVERIFIED, 0); // not verified: out
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(3, 9), COMPLETED, 0);          // old release: out
        deploy(DEPLOY, "staging", "id_minter", at(4, 8), at(4, 9), FAILED, 0);               // out

        var lead = minter().leadTime();
        assertThat(lead.n()).isEqualTo(3);
        assertThat(lead.median()).isEqualTo(Duration.ofMinutes(90));
        assertThat(lead.p90()).isEqualTo(Duration.ofHours(25));
        assertThat(lead.series().get(0).median()).isEqualTo(Duration.ofMinutes(90));
        assertThat(lead.series().get(1).median()).as("mean of the two middle ones")
                .isEqualTo(Duration.ofHours(25).plus(Duration.ofHours(1)).dividedBy(2));
        assertThat(lead.series().get(1).n()).isEqualTo(2);
        assertThat(lead.series().get(3).median()).isNull();
    }

    @Test
    void failedRolledBackDigestMismatchAndTimedOutAreFailedChangesUnchangedAndInFlightAreNoChanges() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);
        deploy("staging", "id_minter", at(0, 2), FAILED);
        deploy("staging", "id_minter", at(0, 3), ROLLED_BACK);
        deploy("staging", "id_minter", at(0, 4), DIGEST_MISMATCH);
        deploy("staging", "id_minter", at(1, 5), TIMED_OUT);
        deploy("staging", "id_minter", at(1, 6), COMPLETED_UNVERIFIED);
        deploy("staging", "id_minter", at(1, 7), UNCHANGED);
        deploy("staging", "id_minter", at(1, 8), IN_PROGRESS);

        var rate = minter().changeFailureRate();
        assertThat(rate.n()).isEqualTo(6);
        assertThat(rate.failed()).isEqualTo(4);
        assertThat(rate.rate()).isEqualTo(4 / 6.0);
        assertThat(rate.series().get(0).failed()).isEqualTo(3);
        assertThat(rate.series().get(0).n()).isEqualTo(4);
        assertThat(rate.series().get(0).rate()).isEqualTo(0.75);
        assertThat(rate.series().get(1).rate()).isEqualTo(0.5);
        assertThat(rate.series().get(2).rate()).isNull();
    }

    @Test
    void aRollbackFailsTheChangeBeforeItOnceAndIsNotAChangeItself() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);                    // good
        deploy("staging", "id_minter", at(1, 1), COMPLETED);                    // undone by the rollback below
        deploy("staging", "id_minter", at(1, 2), UNCHANGED);                    // not a change: skipped when looking back
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(1, 3), COMPLETED, 10);
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(1, 4), COMPLETED, 10); // again: the same change, counted once

        var rate = minter().changeFailureRate();
        assertThat(rate.n()).isEqualTo(2);
        assertThat(rate.failed()).isEqualTo(1);
        assertThat(rate.series().get(1).failed()).as("in the bucket of the change, not of the rollback").isEqualTo(1);
    }

    @Test
    void aRollbackThatFindsTheServiceAlreadyBackUndoesNothingMore() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);
        deploy("staging", "id_minter", at(1, 1), ROLLED_BACK);          // the circuit breaker went back
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(1, 3), UNCHANGED, 0);

        var rate = minter().changeFailureRate();
        assertThat(rate.failed()).isEqualTo(1);
        assertThat(rate.n()).isEqualTo(2);
        var restore = minter().timeToRestore();
        assertThat(restore.n()).isEqualTo(1);
        assertThat(restore.median()).as("from the rolled-back end to the rollback's end")
                .isEqualTo(Duration.ofHours(2).minus(Duration.ofMinutes(10)));
    }

    @Test
    void aRollbackFailingOrInFlightStillFailsTheChangeBeforeIt() {
        deploy("staging", "id_minter", at(1, 1), COMPLETED);
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(1, 3), FAILED, 10);
        deploy("staging", "ingestor", at(1, 1), COMPLETED);
        deploy(ROLLBACK, "staging", "ingestor", at(0, 0), at(1, 3), IN_PROGRESS, 0);

        DeliveryReport report = report();
        assertThat(report.environment("staging").orElseThrow().changeFailureRate().failed()).isEqualTo(2);
        assertThat(report.environment("staging").orElseThrow().changeFailureRate().n()).isEqualTo(2);
        assertThat(report.environment("staging").orElseThrow().timeToRestore().stillFailing())
                .extracting(StillFailing::serviceId).containsExactly("id_minter", "ingestor");
    }

    @Test
    void aRollbackOfAChangeBeforeTheWindowCountsNothing() {
        deploy("staging", "id_minter", at(-1, 1), COMPLETED);
        deploy(ROLLBACK, "staging", "id_minter", at(-2, 0), at(0, 3), COMPLETED, 10);

        var rate = minter().changeFailureRate();
        assertThat(rate.n()).isZero();
        assertThat(rate.rate()).isNull();
        assertThat(minter().timeToRestore().stillFailing()).isEmpty();
        assertThat(minter().deploymentFrequency().n()).isEqualTo(1);
    }

    @Test
    void timeToRestoreRunsFromTheFirstOfConsecutiveFailuresToTheNextSuccessfulDeployment() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);
        deploy("staging", "id_minter", at(1, 1), FAILED);          // ends 1:10: fails from here
        deploy("staging", "id_minter", at(1, 2), TIMED_OUT);       // the same failure
        deploy("staging", "id_minter", at(1, 5), COMPLETED);       // ends 5:10: restored after 4h
        deploy("staging", "id_minter", at(3, 1), DIGEST_MISMATCH); // ends 1:10
        deploy("staging", "id_minter", at(3, 2), COMPLETED_UNVERIFIED); // ends 2:10: 1h
        deploy("staging", "id_minter", at(5, 1), COMPLETED);       // undone: live from 1:10
        deploy(ROLLBACK, "staging", "id_minter", at(0, 0), at(5, 3), COMPLETED, 20); // ends 3:20: 2h10

        var restore = minter().timeToRestore();
        assertThat(restore.n()).isEqualTo(3);
        assertThat(restore.median()).isEqualTo(Duration.ofMinutes(130));
        assertThat(restore.series().get(1).median()).isEqualTo(Duration.ofHours(4));
        assertThat(restore.series().get(3).median()).isEqualTo(Duration.ofHours(1));
        assertThat(restore.series().get(5).median()).isEqualTo(Duration.ofMinutes(130));
        assertThat(restore.series().get(5).n()).isEqualTo(1);
        assertThat(restore.stillFailing()).isEmpty();
        assertThat(minter().changeFailureRate().failed()).isEqualTo(4);
        assertThat(minter().changeFailureRate().n()).isEqualTo(7);
    }

    @Test
    void aFailureWithNoSuccessAfterItIsStillFailingSinceItsEnd() {
        ReleaseSet bad = deploy("staging", "id_minter", at(2, 1), FAILED);
        deploy("staging", "id_minter", at(2, 3), IN_PROGRESS);
        deploy("prod", "ingestor", at(1, 1), ROLLED_BACK);

        DeliveryReport report = report();
        assertThat(report.service("staging", "id_minter").orElseThrow().timeToRestore().stillFailing())
                .containsExactly(new StillFailing("staging", "id_minter", at(2, 1).plus(Duration.ofMinutes(10)), bad.id()));
        assertThat(report.service("staging", "id_minter").orElseThrow().timeToRestore().n()).isZero();
        assertThat(report.service("staging", "id_minter").orElseThrow().timeToRestore().median()).isNull();
        assertThat(report.environment("prod").orElseThrow().timeToRestore().stillFailing())
                .extracting(StillFailing::serviceId).containsExactly("ingestor");
    }

    @Test
    void environmentsAddUpTheirServices() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);
        deploy("staging", "ingestor", at(0, 2), FAILED);
        deploy("staging", "ingestor", at(0, 5), COMPLETED);
        deploy("prod", "ingestor", at(0, 5), COMPLETED);

        Measures staging = report().environment("staging").orElseThrow();
        assertThat(staging.deploymentFrequency().n()).isEqualTo(2);
        assertThat(staging.changeFailureRate().failed()).isEqualTo(1);
        assertThat(staging.changeFailureRate().n()).isEqualTo(3);
        assertThat(staging.leadTime().n()).isEqualTo(2);
        assertThat(staging.timeToRestore().n()).isEqualTo(1);
        assertThat(staging.timeToRestore().median()).isEqualTo(Duration.ofHours(3));
        assertThat(report().environment("prod").orElseThrow().deploymentFrequency().n()).isEqualTo(1);
    }

    @Test
    void unreadableDeploymentsAreLeftOutAndCounted() {
        deploy("staging", "id_minter", at(0, 1), COMPLETED);
        deployments.add(deployment("01X", "staging", "id_minter", COMPLETED, at(0, 2), null));  // final, no end
        deployments.add(deployment("01X", "staging", "id_minter", null, at(0, 2), at(0, 3)));   // no status
        deployments.add(deployment("01X", "staging", "id_minter", FAILED, null, at(0, 3)));      // no start
        deployments.add(deployment("01X", null, "id_minter", FAILED, at(0, 2), at(0, 3)));       // no environment
        deployments.add(deployment("01X", "staging", null, FAILED, at(0, 2), at(0, 3)));         // no service

        DeliveryReport report = report();
        assertThat(report.ignoredDeployments()).isEqualTo(5);
        assertThat(report.service("staging", "id_minter").orElseThrow().changeFailureRate().n()).isEqualTo(1);
        assertThat(report.service("staging", "id_minter").orElseThrow().changeFailureRate().failed()).isZero();
    }

    @Test
    void aDeploymentWithoutItsSetIsAChangeWithoutLeadTime() {
        deployments.add(deployment("01GONE", "staging", "id_minter", COMPLETED, at(0, 2), at(0, 3)));
        ReleaseSet noPush = deploy("staging", "id_minter", at(1, 1), COMPLETED);
        sets.remove(noPush);
        sets.add(new ReleaseSet(noPush.id(), "catalogue", "staging", null, List.of(new Release("catalogue", "pipeline",
                "id_minter", "h", List.of(), "r", "d", null, null)), DEPLOY, "ada", "why", at(1, 1),
                ReleaseSetStatus.SUCCEEDED, null));

        DeliveryReport report = report();
        assertThat(report.withoutReleaseSet()).isEqualTo(1);
        Measures minter = report.service("staging", "id_minter").orElseThrow();
        assertThat(minter.deploymentFrequency().n()).isEqualTo(2);
        assertThat(minter.changeFailureRate().n()).isEqualTo(2);
        assertThat(minter.leadTime().n()).as("no set, and no push time").isZero();
        assertThat(minter.leadTime().median()).isNull();
    }

    @Test
    void deploymentsOutsideTheWindowOrOfAnotherProjectAreNotCountedAndUnknownNamesShowWhereTheyDeployed() {
        deploy("staging", "id_minter", at(-1, 23), COMPLETED);
        deploy("staging", "id_minter", at(7, 0), COMPLETED);
        deployments.add(Deployment.builder().releaseSetId("01Y").projectId("other").environmentId("staging")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("h")
                .status(COMPLETED).startedAt(at(1, 1)).endedAt(at(1, 2)).revision(1).build());
        deploy("staging", "retired", at(1, 1), COMPLETED);
        deploy("qa", "id_minter", at(1, 1), COMPLETED);

        DeliveryReport report = report();
        assertThat(report.service("staging", "id_minter").orElseThrow().deploymentFrequency().n()).isZero();
        assertThat(report.environments()).extracting(Measures::environmentId).containsExactly("staging", "prod", "qa");
        assertThat(report.servicesOf("staging")).extracting(Measures::serviceId).containsExactly("id_minter", "ingestor", "retired");
        assertThat(report.servicesOf("prod")).extracting(Measures::serviceId).containsExactly("id_minter", "ingestor");
        assertThat(report.servicesOf("qa")).extracting(Measures::serviceId).containsExactly("id_minter", "ingestor");
        assertThat(report.service("qa", "id_minter").orElseThrow().deploymentFrequency().n()).isEqualTo(1);
    }

    @Test
    void withoutAProjectTheRecordsNameTheEnvironmentsAndServices() {
        deploy("staging", "ingestor", at(1, 1), COMPLETED);
        deploy("prod", "id_minter", at(1, 1), COMPLETED);

        DeliveryReport report = DeliveryMetrics.compute(WEEK, null, new History(sets, deployments));
        assertThat(report.environments()).extracting(Measures::environmentId).containsExactly("prod", "staging");
        assertThat(report.services()).extracting(m -> m.environmentId() + "/" + m.serviceId())
                .containsExactly("prod/id_minter", "staging/ingestor");
    }

    @Test
    void durationsAreNeverNegative() {
        deploy(DEPLOY, "staging", "id_minter", at(0, 2), at(0, 1), COMPLETED, 10); // pushed after it ended: clocks
        assertThat(minter().leadTime().median()).isEqualTo(Duration.ZERO);
    }

    @Test
    void percentilesByNearestRank() {
        List<Duration> values = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            values.add(Duration.ofMinutes(i));
        }
        assertThat(DeliveryMetrics.percentile(values, 0.9)).isEqualTo(Duration.ofMinutes(9));
        assertThat(DeliveryMetrics.median(values)).isEqualTo(Duration.ofSeconds(330));
        assertThat(DeliveryMetrics.percentile(List.of(Duration.ofMinutes(3)), 0.9)).isEqualTo(Duration.ofMinutes(3));
        assertThat(DeliveryMetrics.median(List.of())).isNull();
    }
}
