package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.deploy.Records.NOW;
import static dev.harbourmaster.cli.deploy.Records.release;
import static dev.harbourmaster.cli.deploy.Records.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanViewTest {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";

    private static Plan plan(ReleaseSetKind kind, List<ServiceChange> changes, List<String> notes) {
        return new Plan(Records.PROJECT, "staging", kind, null, List.of(), changes, notes, "deploy b2c3d4e");
    }

    @Test
    void eachServiceShowsWhatRunsAndWhatItGetsWithTheCommitsBetween() {
        Release minterOld = release("id_minter", OLD, NOW);
        Release requests = release("requests", NEW, NOW);
        Release ingestor = release("ingestor", OLD, NOW);
        Plan plan = plan(ReleaseSetKind.DEPLOY, List.of(
                new ServiceChange("id_minter", running("staging", minterOld, "S").running(), release("id_minter", NEW, NOW),
                        List.of("b2c3d4e Mint identifiers in batches", "9f8e7d6 Fix the retry loop"), null),
                new ServiceChange("ingestor", running("staging", ingestor, "S").running(), ingestor, List.of(), null),
                new ServiceChange("requests", null, requests, List.of(), null)),
                List.of("search: no release yet, left out (keeps what runs)"));
        String minterOldDigest = minterOld.images().get(0).digest().substring(0, 19);
        String minterNewDigest = release("id_minter", NEW, NOW).images().get(0).digest().substring(0, 19);

        List<String> lines = new PlanView(plan, KnownBadReleases.NONE, NOW).lines("Mint identifiers in batches (+1 more)",
                new Actor("alice@example.com", "arn:aws:iam::123456789012:user/alice"));

        assertThat(lines).containsExactly(
                "Deploy to catalogue/staging: 2 services change, 1 unchanged",
                "  id_minter  a1b2c3d " + minterOldDigest + " -> b2c3d4e " + minterNewDigest,
                "               b2c3d4e Mint identifiers in batches",
                "               9f8e7d6 Fix the retry loop",
                "  ingestor   a1b2c3d " + ingestor.images().get(0).digest().substring(0, 19) + "  unchanged",
                "  requests   never deployed -> b2c3d4e app=" + requests.images().get(0).digest().substring(0, 19)
                        + ",nginx=" + requests.images().get(1).digest().substring(0, 19),
                "  search: no release yet, left out (keeps what runs)",
                "Why: Mint identifiers in batches (+1 more)",
                "By:  alice@example.com (arn:aws:iam::123456789012:user/alice)");
        assertThat(new PlanView(plan, KnownBadReleases.NONE, NOW).question()).isEqualTo("Deploy 2 services to staging?");
    }

    @Test
    void aServiceWhoseImagesRunButWhoseConfigurationChangesIsPlannedAsConfigurationOnly() {
        Release ingestor = release("ingestor", OLD, NOW);
        Release minterOld = release("id_minter", OLD, NOW);
        Plan plan = plan(ReleaseSetKind.DEPLOY, List.of(
                new ServiceChange("id_minter", running("staging", minterOld, "S").running(), release("id_minter", NEW, NOW),
                        List.of(), null, new ConfigChanges(List.of("memory 512→1024"))),
                new ServiceChange("ingestor", running("staging", ingestor, "S").running(), ingestor, List.of(), null,
                        new ConfigChanges(List.of("+FEATURE_X", "~LOG_LEVEL")))), List.of());
        PlanView view = new PlanView(plan, KnownBadReleases.NONE, NOW);

        List<String> lines = view.lines(null, null);

        assertThat(lines).containsExactly(
                "Deploy to catalogue/staging: 2 services change",
                "  id_minter  a1b2c3d " + minterOld.images().get(0).digest().substring(0, 19) + " -> b2c3d4e "
                        + release("id_minter", NEW, NOW).images().get(0).digest().substring(0, 19),
                "               config: memory 512→1024",
                "  ingestor   a1b2c3d " + ingestor.images().get(0).digest().substring(0, 19) + "  configuration only",
                "               config: +FEATURE_X, ~LOG_LEVEL");
        assertThat(plan.nothingToChange()).isFalse();
        JsonNode ingestorJson = Json.MAPPER.valueToTree(view.json(null, null)).get("services").get(1);
        assertThat(ingestorJson.get("change").asText()).isEqualTo("config");
        assertThat(ingestorJson.get("config")).extracting(JsonNode::asText).containsExactly("+FEATURE_X", "~LOG_LEVEL");
    }

    @Test
    void anEnvironmentThatRequiresApprovalSaysTheSetWillWaitForIt() {
        Project project = Records.PROJECT;
        List<Environment> environments = project.environments().stream().map(e -> e.id().equals("staging")
                ? new Environment(e.id(), e.name(), e.cluster(), e.ecsServiceName(), e.autoDeploy(), new ApprovalRule(true,
                List.of(new ArnPattern("arn:aws:iam::123456789012:role/Lead*")), false)) : e).toList();
        Project gated = new Project(project.id(), project.name(), project.releaseHashRule(), environments, project.serviceSets());
        Release minter = release("id_minter", NEW, NOW);
        Plan plan = new Plan(gated, "staging", ReleaseSetKind.DEPLOY, null, List.of(),
                List.of(new ServiceChange("id_minter", null, minter, List.of(), null)), List.of(), "deploy b2c3d4e");

        assertThat(new PlanView(plan, KnownBadReleases.NONE, NOW).lines(null, null)).contains("  staging requires approval"
                + " (required; approvers arn:aws:iam::123456789012:role/Lead*; not by the requester): the set waits"
                + " AWAITING_APPROVAL, nothing rolled, until an approver runs hm approve");
        assertThat(new PlanView(plan(ReleaseSetKind.DEPLOY, plan.changes(), List.of()), KnownBadReleases.NONE, NOW).lines(null, null))
                .noneMatch(line -> line.contains("requires approval"));
    }

    @Test
    void aReleaseThatFailedBeforeIsWarnedOfUnderItsServiceAndInTheQuestion() {
        Release minterNew = release("id_minter", NEW, NOW);
        Plan plan = plan(ReleaseSetKind.PROMOTE, List.of(new ServiceChange("id_minter",
                running("prod", release("id_minter", OLD, NOW), "S").running(), minterNew, List.of(), null)), List.of());
        Deployment failed = Deployment.builder().releaseSetId("S9").environmentId("prod").serviceId("id_minter")
                .releaseHash(NEW).status(DeploymentStatus.ROLLED_BACK).reason("exit code 1 (EssentialContainerExited); ids")
                .startedAt(NOW.minusSeconds(1000)).endedAt(NOW.minusSeconds(960)).build();
        PlanView view = new PlanView(plan, KnownBadReleases.of(List.of(failed), List.of()), NOW);

        assertThat(view.lines(null, null)).contains("               warning: b2c3d4e ROLLED_BACK in prod 16m ago: exit code 1"
                + " (EssentialContainerExited); ids");
        assertThat(view.question()).isEqualTo("Promote 1 service, 1 of them a release that failed before, to staging?");
        assertThat(view.knownBadRefusal()).isEqualTo("id_minter b2c3d4e ROLLED_BACK in prod 16m ago: exit code 1 (EssentialContainerExited); ids; to promote it"
                + " anyway, add --force (or choose another release with --release HASH)");
    }

    @Test
    void longCommitListsAreCutWithTheRangeToSeeThemAll() {
        List<String> commits = IntStream.range(0, 14).mapToObj(i -> "%07x subject %d".formatted(i, i)).toList();
        Plan plan = plan(ReleaseSetKind.DEPLOY, List.of(new ServiceChange("id_minter",
                running("staging", release("id_minter", OLD, NOW), "S").running(), release("id_minter", NEW, NOW), commits,
                null)), List.of());

        List<String> lines = new PlanView(plan, KnownBadReleases.NONE, NOW).lines("why", null);

        assertThat(lines).contains("               0000009 subject 9", "               ... and 4 more (git log a1b2c3d..b2c3d4e)")
                .doesNotContain("               000000a subject 10");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Why: why");
    }

    @Test
    void nothingToChangeSaysWhatToDoForEachKind() {
        Release minter = release("id_minter", NEW, NOW);
        List<ServiceChange> same = List.of(new ServiceChange("id_minter", running("staging", minter, "S").running(), minter,
                List.of(), "S0"));

        assertThat(new PlanView(plan(ReleaseSetKind.DEPLOY, same, List.of()), KnownBadReleases.NONE, NOW).nothingToChange()).isEqualTo(
                "nothing to deploy: id_minter already runs the chosen release in catalogue/staging; push a new image,"
                        + " or choose another release with --release HASH (hm releases --project catalogue)");
        assertThat(new PlanView(plan(ReleaseSetKind.PROMOTE, same, List.of()), KnownBadReleases.NONE, NOW).nothingToChange())
                .startsWith("nothing to promote: catalogue/staging already runs these releases");
        assertThat(new PlanView(plan(ReleaseSetKind.ROLLBACK, same, List.of()), KnownBadReleases.NONE, NOW).nothingToChange())
                .isEqualTo("nothing to roll back: id_minter already runs its release from the set it would go back to;"
                        + " name an older release set with --to ID (hm history --project catalogue --env staging)");
        assertThat(new PlanView(plan(ReleaseSetKind.ROLLBACK, same, List.of()), KnownBadReleases.NONE, NOW).title())
                .isEqualTo("Roll back in catalogue/staging: 0 services change, 1 unchanged");
    }

    @Test
    void jsonKeepsDigestsWholeAndSaysWhatChanges() {
        Release minter = release("id_minter", NEW, NOW);
        Plan plan = plan(ReleaseSetKind.DEPLOY, List.of(new ServiceChange("id_minter", null, minter, List.of(), null)),
                List.of());

        JsonNode json = Json.MAPPER.valueToTree(new PlanView(plan, KnownBadReleases.NONE, NOW).json("why",
                new Actor("alice", "arn:aws:iam::123456789012:user/alice")));

        assertThat(fieldNames(json)).containsExactly("project", "environment", "kind", "serviceSet", "description",
                "requestedBy", "requestedByArn", "context", "services", "notes");
        assertThat(json.get("kind").asText()).isEqualTo("DEPLOY");
        assertThat(json.get("requestedByArn").asText()).isEqualTo("arn:aws:iam::123456789012:user/alice");
        JsonNode change = json.get("services").get(0);
        assertThat(fieldNames(change)).containsExactly("service", "change", "now", "release", "fromReleaseSet", "commits",
                "knownBad", "config");
        assertThat(change.get("change").asText()).isEqualTo("first");
        assertThat(change.get("now").isNull()).isTrue();
        assertThat(fieldNames(change.get("release").get("images").get(0)))
                .as("the image document every other document uses").containsExactly("container", "repository", "digest", "image");
        assertThat(change.get("release").get("images").get(0).get("digest").asText()).isEqualTo(minter.images().get(0).digest());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
