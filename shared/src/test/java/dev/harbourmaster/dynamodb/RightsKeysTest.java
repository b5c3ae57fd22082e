package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a policy's dynamodb:LeadingKeys sees of what a person writes, and what readers make of keys that lie. */
class RightsKeysTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:15:30.120Z");
    private static final String ARN = "arn:aws:sts::123456789012:assumed-role/deploy/ada";

    private static ReleaseSet set(String id, String environment) {
        return new ReleaseSet(id, "catalogue", environment, null, List.of(), ReleaseSetKind.DEPLOY, "the CFO (approved)",
                "why", AT, ReleaseSetStatus.REQUESTED, null, ARN);
    }

    @Test
    void aReleaseSetsKeyNamesItsProjectAndEnvironmentAndItsIndexKeysOrderByTime() {
        String ulid = Ulid.random(AT);
        ReleaseSet set = set(ReleaseSetIds.of("catalogue", "staging", ulid), "staging");

        Map<String, AttributeValue> item = ReleaseSetItems.releaseSetItem(set);

        assertThat(item.get("PK").s()).isEqualTo("RELEASESET#catalogue/staging/" + ulid);
        assertThat(item.get("GSI1PK").s()).isEqualTo("PROJECT#catalogue#ENV#staging#SETS");
        assertThat(item.get("GSI1SK").s()).isEqualTo(ulid);
        assertThat(item.get("requestedBy").s()).isEqualTo("the CFO (approved)");
        assertThat(item.get("requestedByArn").s()).isEqualTo(ARN);
        assertThat(ReleaseSetItems.releaseSet(item)).isEqualTo(set);
    }

    @Test
    void aSetWrittenBeforeIdsNamedTheirEnvironmentIsReadAsBefore() {
        ReleaseSet old = new ReleaseSet(Ulid.random(AT), "catalogue", "prod", null, List.of(), ReleaseSetKind.DEPLOY, "bob",
                "why", AT, ReleaseSetStatus.SUCCEEDED, null);
        Map<String, AttributeValue> item = ReleaseSetItems.releaseSetItem(old);

        assertThat(item).doesNotContainKey("requestedByArn");
        assertThat(ReleaseSetItems.releaseSet(item)).isEqualTo(old);
        assertThat(ReleaseSetItems.releaseSet(item).requestedByArn()).isNull();
    }

    @Test
    void aSetWhoseIdNamesStagingButSaysProdIsMalformed() {
        Map<String, AttributeValue> item = new HashMap<>(ReleaseSetItems.releaseSetItem(
                set(ReleaseSetIds.of("catalogue", "staging", Ulid.random(AT)), "staging")));
        item.put("environment", AttributeValue.fromS("prod"));

        assertThatThrownBy(() -> ReleaseSetItems.releaseSet(item)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names catalogue/staging in its id but catalogue/prod in its project and environment");
    }

    @Test
    void aSetWhoseKeyIsNotItsIdIsMalformed() {
        Map<String, AttributeValue> item = new HashMap<>(ReleaseSetItems.releaseSetItem(
                set(ReleaseSetIds.of("catalogue", "staging", Ulid.random(AT)), "staging")));
        String prodId = ReleaseSetIds.of("catalogue", "prod", Ulid.random(AT));
        item.put("id", AttributeValue.fromS(prodId));
        item.put("environment", AttributeValue.fromS("prod"));

        assertThatThrownBy(() -> ReleaseSetItems.releaseSet(item)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not its id " + prodId);
    }

    @Test
    void aDeploymentUnderASetOfAnotherEnvironmentIsMisplaced() {
        String stagingSet = ReleaseSetIds.of("catalogue", "staging", Ulid.random(AT));
        Deployment deployment = Deployment.builder().releaseSetId(stagingSet).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("cluster").ecsServiceName("svc").releaseHash("abc1234")
                .ecsDeploymentId("ecs-svc/1").status(DeploymentStatus.IN_PROGRESS).startedAt(AT).build();
        Map<String, AttributeValue> item = new HashMap<>(ReleaseSetItems.deploymentItem(deployment));
        assertThat(ReleaseSetItems.misplaced(item)).isFalse();

        item.put("environment", AttributeValue.fromS("prod"));

        assertThat(ReleaseSetItems.misplaced(item)).isTrue();
        assertThatThrownBy(() -> ReleaseSetItems.deployment(item)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLockHasAPartitionOfItsOwnAndKeepsWhoLockedIt() {
        Lock lock = new Lock("catalogue", "prod", "carol", "freeze", AT, null, ARN);

        Map<String, AttributeValue> item = ReleaseSetItems.lockItem(lock);

        assertThat(item.get("PK").s()).isEqualTo("LOCK#catalogue/prod");
        assertThat(item.get("SK").s()).isEqualTo("LOCK");
        assertThat(ReleaseSetItems.lock(item)).contains(lock);
    }

    @Test
    void aLiftedLockOrOneWhoseKeyNamesAnotherEnvironmentIsNoLock() {
        Map<String, AttributeValue> lifted = new HashMap<>(ReleaseSetItems.lockItem(
                new Lock("catalogue", "prod", "carol", "freeze", AT, null, ARN)));
        lifted.put("unlockedAt", AttributeValue.fromS("2026-11-20T11:00:00.000Z"));
        Map<String, AttributeValue> misplaced = new HashMap<>(ReleaseSetItems.lockItem(
                new Lock("catalogue", "staging", "mallory", "not yours", AT, null, ARN)));
        misplaced.put("environment", AttributeValue.fromS("prod"));

        assertThat(ReleaseSetItems.lock(lifted)).isEmpty();
        assertThat(ReleaseSetItems.lock(misplaced)).isEmpty();
    }

    @Test
    void aLockKeptWhereLocksWereBeforeStillCounts() {
        Lock expired = new Lock("catalogue", "prod", "carol", "old", AT, AT.plusSeconds(60), ARN);
        Map<String, AttributeValue> legacy = new HashMap<>(ReleaseSetItems.lockItem(
                new Lock("catalogue", "prod", "bob", "frozen before", AT, null)));
        legacy.putAll(ReleaseSetItems.legacyLockKey("catalogue", "prod"));

        assertThat(ReleaseSetItems.lockOf(ReleaseSetItems.lockItem(expired), legacy, AT.plusSeconds(120)))
                .get().extracting(Lock::owner).isEqualTo("bob");
        assertThat(ReleaseSetItems.lockOf(ReleaseSetItems.lockItem(expired), null, AT.plusSeconds(120))).contains(expired);
        assertThat(ReleaseSetItems.lockOf(null, null, AT)).isEmpty();
    }

    @Test
    void idsOfBothFormsAreValidAndOrderByTheirUlid() {
        String older = Ulid.random(AT);
        String newer = ReleaseSetIds.of("catalogue", "staging", Ulid.random(AT.plusSeconds(1)));

        assertThat(ReleaseSetIds.isValid(older)).isTrue();
        assertThat(ReleaseSetIds.isValid(newer)).isTrue();
        assertThat(ReleaseSetIds.isValid("catalogue/staging/nope")).isFalse();
        assertThat(ReleaseSetIds.isValid("Catalogue/staging/" + older)).isFalse();
        assertThat(ReleaseSetIds.normalise(" " + newer.toLowerCase() + " ")).isEqualTo(newer);
        assertThat(ReleaseSetIds.compare(older, newer)).isNegative();
        assertThat(ReleaseSetIds.scope(older)).isEmpty();
    }
}
