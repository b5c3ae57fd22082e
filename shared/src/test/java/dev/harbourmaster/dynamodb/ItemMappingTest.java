package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemMappingTest {

    private static final String DIGEST = "sha256:" + "c".repeat(64);
    private static final Instant PUSHED = Instant.parse("2026-11-20T10:15:30.120Z");

    @Test
    void aBuildSurvivesTheRoundTripWithItsKeysAndIndexKeys() {
        Build build = new Build("shop/api", DIGEST, "1.dkr.ecr.eu-west-1.amazonaws.com/shop/api", Set.of("ref.abc1234", "latest"),
                PUSHED, "abc1234", new ImageMetadata("abc1234", "https://git.example/shop", "2026-11-20T10:00:00Z", "Cart fix"),
                BuildState.RELEASED);

        Map<String, AttributeValue> item = LedgerItems.buildItem(build);

        assertThat(item.get("PK").s()).isEqualTo("REPO#shop/api");
        assertThat(item.get("SK").s()).isEqualTo("BUILD#" + DIGEST);
        assertThat(item.get("type").s()).isEqualTo("Build");
        assertThat(item.get("GSI1PK").s()).isEqualTo("REPO#shop/api#BUILDS");
        assertThat(item.get("GSI1SK").s()).isEqualTo("2026-11-20T10:15:30.120Z#" + DIGEST);
        assertThat(item).doesNotContainKey("GSI2PK");
        assertThat(LedgerItems.build(item)).isEqualTo(build);
    }

    @Test
    void anUnassignedBuildWithoutTagsOrHashIsIndexedForAdoption() {
        Build build = new Build("lost/repo", DIGEST, "uri", Set.of(), PUSHED, null, ImageMetadata.NONE, BuildState.UNASSIGNED);

        Map<String, AttributeValue> item = LedgerItems.buildItem(build);

        assertThat(item).doesNotContainKeys("tags", "releaseHash", "revision");
        assertThat(item.get("GSI2PK").s()).isEqualTo("UNASSIGNED");
        assertThat(item.get("GSI2SK").s()).isEqualTo("lost/repo#2026-11-20T10:15:30.120Z");
        assertThat(LedgerItems.build(item)).isEqualTo(build);
    }

    @Test
    void aReleaseSurvivesTheRoundTripAndSortsByTime() {
        Release release = new Release("shop", "all", "api", "abc1234",
                List.of(new ReleaseImage("api", "shop/api", DIGEST, "uri@" + DIGEST, "abc1234")),
                "shop/api", DIGEST, PUSHED, null);

        Map<String, AttributeValue> item = LedgerItems.releaseItem(release);

        assertThat(item.get("PK").s()).isEqualTo("SERVICE#shop#api");
        assertThat(item.get("SK").s()).isEqualTo("RELEASE#2026-11-20T10:15:30.120Z#" + DIGEST);
        assertThat(item.get("GSI1PK").s()).isEqualTo("PROJECT#shop#RELEASES");
        assertThat(LedgerItems.release(item)).isEqualTo(release);
    }

    @Test
    void aProjectSurvivesTheRoundTripInManifestOrder() {
        Project project = Fixtures.exampleProject();

        Map<String, Map<String, AttributeValue>> items = CatalogueItems.itemsOf(project);
        List<Map<String, AttributeValue>> partition = new ArrayList<>(items.values().stream()
                .filter(i -> i.get("PK").s().equals("PROJECT#catalogue")).toList());
        java.util.Collections.reverse(partition);

        assertThat(CatalogueItems.project(partition)).isEqualTo(project);
    }

    @Test
    void anEnvironmentsApprovalRuleSurvivesTheRoundTripAndNoRuleWritesNothing() {
        Project example = Fixtures.exampleProject();
        ApprovalRule rule = new ApprovalRule(true, List.of(new ArnPattern("arn:aws:iam::123456789012:role/Lead*")), true);
        Environment prod = example.environment("prod").orElseThrow();
        Project gated = new Project(example.id(), example.name(), example.releaseHashRule(), List.of(
                example.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), rule)), example.serviceSets());

        Map<String, Map<String, AttributeValue>> items = CatalogueItems.itemsOf(gated);

        assertThat(CatalogueItems.project(new ArrayList<>(items.values().stream()
                .filter(i -> i.get("PK").s().equals("PROJECT#catalogue")).toList()))).isEqualTo(gated);
        assertThat(items.get("PROJECT#catalogue|ENV#staging")).as("an environment without a gate keeps its item as it was")
                .doesNotContainKey("approval");
    }

    @Test
    void anEnvironmentsPlacementSurvivesTheRoundTripAndTheStacksOwnWritesNothing() {
        Project example = Fixtures.exampleProject();
        Placement elsewhere = new Placement("210987654321", "us-east-1", "arn:aws:iam::210987654321:role/Deployer");
        Environment prod = example.environment("prod").orElseThrow();
        Project placed = new Project(example.id(), example.name(), example.releaseHashRule(), List.of(
                example.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), elsewhere)), example.serviceSets());

        Map<String, Map<String, AttributeValue>> items = CatalogueItems.itemsOf(placed);

        Project read = CatalogueItems.project(new ArrayList<>(items.values().stream()
                .filter(i -> i.get("PK").s().equals("PROJECT#catalogue")).toList()));
        assertThat(read).isEqualTo(placed);
        assertThat(read.environment("prod").orElseThrow().placement()).isEqualTo(elsewhere);
        assertThat(items.get("PROJECT#catalogue|ENV#prod")).containsEntry("account", AttributeValue.fromS("210987654321"))
                .containsEntry("region", AttributeValue.fromS("us-east-1"))
                .containsEntry("roleArn", AttributeValue.fromS("arn:aws:iam::210987654321:role/Deployer"));
        assertThat(items.get("PROJECT#catalogue|ENV#staging")).as("an environment in the stack's own place keeps its item as it was")
                .doesNotContainKeys("account", "region", "roleArn");
    }

    @Test
    void anEnvironmentsTaskDefinitionBaseSurvivesTheRoundTripAndTheDefaultWritesNothing() {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        Project latest = new Project(example.id(), example.name(), example.releaseHashRule(), List.of(
                example.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), prod.placement(), TaskDefinitionBase.LATEST)),
                example.serviceSets());

        Map<String, Map<String, AttributeValue>> items = CatalogueItems.itemsOf(latest);

        assertThat(CatalogueItems.project(new ArrayList<>(items.values().stream()
                .filter(i -> i.get("PK").s().equals("PROJECT#catalogue")).toList()))).isEqualTo(latest);
        assertThat(items.get("PROJECT#catalogue|ENV#prod")).containsEntry("taskDefinitionBase", AttributeValue.fromS("latest"));
        assertThat(items.get("PROJECT#catalogue|ENV#staging")).doesNotContainKey("taskDefinitionBase");
    }

    @Test
    void aReleaseSetsApprovalSurvivesTheRoundTrip() {
        ReleaseSet set = new ReleaseSet("shop/prod/01M7W7GQ404KJVZA5S5YPG0MWZ", "shop", "prod", null, List.of(),
                ReleaseSetKind.DEPLOY, "bob", "ship", Instant.parse("2026-11-20T10:00:00Z"), ReleaseSetStatus.REQUESTED, null,
                "arn:aws:iam::123456789012:user/bob", ApprovalDecision.approved("alice", "arn:aws:sts::123456789012:assumed-role/Lead/alice",
                "looks good", Instant.parse("2026-11-20T10:05:00.123Z")));

        assertThat(ReleaseSetItems.releaseSet(ReleaseSetItems.releaseSetItem(set))).isEqualTo(set);
        assertThat(ReleaseSetItems.releaseSet(ReleaseSetItems.releaseSetItem(set.withApproval(null))).approval()).isNull();
    }

    @Test
    void aRowKeepsWhatWentWrongAndARowWrittenBeforeItWasKeptSaysSo() {
        dev.harbourmaster.domain.CurrentState row = new dev.harbourmaster.domain.CurrentState("catalogue", "prod", "api",
                null, null, null, 4, new dev.harbourmaster.domain.CurrentState.BadReleases(Instant.parse("2026-11-01T00:00:00Z"),
                List.of(new dev.harbourmaster.domain.CurrentState.BadOutcome("S2", "2222222",
                                dev.harbourmaster.domain.DeploymentStatus.ROLLED_BACK, Instant.parse("2026-11-20T10:00:00.123Z"),
                                "tasks failed to start", false),
                        new dev.harbourmaster.domain.CurrentState.BadOutcome("R1", "1111111",
                                dev.harbourmaster.domain.DeploymentStatus.ROLLED_BACK, Instant.parse("2026-11-19T10:00:00Z"),
                                "bug report", true)),
                new dev.harbourmaster.domain.CurrentState.LastChange("S2", "2222222", false)));

        assertThat(CurrentStateItems.currentState(CurrentStateItems.item(row))).isEqualTo(row);
        Map<String, AttributeValue> before = new java.util.HashMap<>(CurrentStateItems.item(row));
        before.remove("bad");
        assertThat(CurrentStateItems.currentState(before).bad()).isNull();
    }

    @Test
    void everyFedContainerHasAFeedItemUnderItsRepository() {
        Map<String, Map<String, AttributeValue>> items = CatalogueItems.itemsOf(Fixtures.exampleProject());

        List<Map<String, AttributeValue>> nginxFeeds = items.values().stream()
                .filter(i -> i.get("PK").s().equals("REPO#platform/nginx")).toList();

        assertThat(nginxFeeds).extracting(i -> i.get("SK").s())
                .containsExactly("FEED#catalogue#requests#nginx", "FEED#catalogue#search#nginx");
        assertThat(CatalogueItems.feed(nginxFeeds.get(0)).service().containers()).extracting("name").containsExactly("app", "nginx");
    }
}
