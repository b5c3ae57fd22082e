package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseSetPageTest {

    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final String ID = "01JD8XK0000000000000000000";
    private static final String DIGEST = "sha256:" + "d530f2057c9c".repeat(5) + "0000";

    @Test
    void everyCommandToCopyIsQuotedForTheShell() {
        // The review's release, recorded before release hashes had to be git refs: the page offered
        // git log --oneline 1111aaa..$(touch${IFS}<path>) to paste into a shell.
        String hostile = "$(touch${IFS}/tmp/owned)";
        Release release = new Release("catalogue", "pipeline", "id_minter", hostile,
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", DIGEST, "repo@" + DIGEST, hostile)),
                "catalogue/id_minter", DIGEST, AT, null);
        ReleaseSet set = new ReleaseSet(ID, "catalogue", "staging", null, List.of(release), ReleaseSetKind.DEPLOY,
                "mallory", "why", AT, ReleaseSetStatus.SUCCEEDED, null);
        Deployment before = Deployment.builder().releaseSetId("01JD8XJ0000000000000000000").projectId("catalogue")
                .environmentId("staging").serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("1111aaa")
                .images(release.images()).ecsDeploymentId("ecs-svc/1").taskDefinition("td:1")
                .status(DeploymentStatus.COMPLETED).startedAt(AT).endedAt(AT).revision(1).build();

        String html = new ReleaseSetPage(new ReleaseSetDetail(set, List.of()), Fixtures.exampleProject(),
                Map.of("id_minter", before), AT).render();

        assertThat(html).contains("<code>git log --oneline &#39;1111aaa..$(touch${IFS}/tmp/owned)&#39;</code>",
                        "<code>hm promote --project catalogue --release-set " + ID + " --to prod</code>",
                        "<code>hm rollback --project catalogue --env staging --to " + ID + "</code>",
                        "<code>hm show " + ID + "</code>")
                .doesNotContain("..$(touch${IFS}/tmp/owned)</code>");
    }

    @Test
    void eachDeploymentSaysWhatItChangedInConfiguration() {
        Release release = new Release("catalogue", "pipeline", "id_minter", "1111aaa",
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", DIGEST, "repo@" + DIGEST, "1111aaa")),
                "catalogue/id_minter", DIGEST, AT, null);
        ReleaseSet set = new ReleaseSet(ID, "catalogue", "staging", null, List.of(release), ReleaseSetKind.DEPLOY,
                "ada", "flag on", AT, ReleaseSetStatus.SUCCEEDED, null);
        Deployment configOnly = Deployment.builder().releaseSetId(ID).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("1111aaa").images(release.images())
                .ecsDeploymentId("ecs-svc/1").status(DeploymentStatus.COMPLETED).startedAt(AT).endedAt(AT).revision(1)
                .config(new DeploymentConfig(TaskDefinitionBase.LATEST, "td:7", null,
                        new ConfigChanges(List.of("+FEATURE_X", "memory 512→1024")), true)).build();

        String html = new ReleaseSetPage(new ReleaseSetDetail(set, List.of(configOnly)), Fixtures.exampleProject(), Map.of(), AT)
                .render();

        assertThat(html).contains("<p class=\"config\">config: configuration only: +FEATURE_X, memory 512→1024 (base latest)</p>");
    }

    @Test
    void anImportedSetSaysItIsHistoryWithItsOutcomeNotRecordedAndOffersNoPromoteOrRollback() {
        Release release = new Release("catalogue", "catalogue", "id_minter", "1111aaa",
                List.of(new ReleaseImage("id_minter", "uk.ac.wellcome/id_minter", null, "uk.ac.wellcome/id_minter:ref.1111aaa",
                        "1111aaa")), "uk.ac.wellcome/id_minter", null, AT, null);
        ReleaseSet set = new ReleaseSet(ID, "catalogue", "staging", null, List.of(release), ReleaseSetKind.IMPORTED,
                "arn:aws:sts::760097843905:assumed-role/platform-developer/alex", "deploy the minter", AT,
                ReleaseSetStatus.UNKNOWN, "imported from weco-deploy: it recorded no outcome",
                "arn:aws:sts::760097843905:assumed-role/platform-developer/alex");

        String html = new ReleaseSetPage(new ReleaseSetDetail(set, List.of()), Fixtures.exampleProject(), Map.of(), AT).render();

        assertThat(html).contains("<dd>IMPORTED, chosen services</dd>", "not recorded", "Imported history (hm import weco)",
                        "<code>hm show " + ID + "</code>")
                .doesNotContain("hm promote", "hm rollback", "not deployed");
    }

    @Test
    void aTasksLogStreamIsLinkedInTheCloudWatchConsoleAsItSpellsIt() {
        ContainerLog log = new ContainerLog("app", "/ecs/catalogue-api", "eu-west-1", "ecs");

        assertThat(ReleaseSetPage.logsUrl(log, "arn:aws:ecs:eu-west-1:123456789012:task/prod/4d2270b2afae41cb"))
                .isEqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups"
                        + "/log-group/$252Fecs$252Fcatalogue-api/log-events/ecs$252Fapp$252F4d2270b2afae41cb");
    }

    @Test
    void aSetRolledInAnotherAccountSaysWhereWithTheRoleItAssumed() {
        Release release = new Release("catalogue", "pipeline", "id_minter", "1111aaa",
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", DIGEST, "repo@" + DIGEST, "1111aaa")),
                "catalogue/id_minter", DIGEST, AT, null);
        ReleaseSet set = new ReleaseSet(ID, "catalogue", "prod", null, List.of(release), ReleaseSetKind.DEPLOY,
                "ada", "promote", AT, ReleaseSetStatus.SUCCEEDED, null);
        Deployment there = Deployment.builder().releaseSetId(ID).projectId("catalogue").environmentId("prod")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("1111aaa").images(release.images())
                .ecsDeploymentId("ecs-svc/1").status(DeploymentStatus.COMPLETED).startedAt(AT).endedAt(AT).revision(1)
                .placement(new Placement("210987654321", "eu-west-1", "arn:aws:iam::210987654321:role/hm-workload")).build();

        String elsewhere = new ReleaseSetPage(new ReleaseSetDetail(set, List.of(there)), Fixtures.exampleProject(), Map.of(), AT)
                .render();
        String here = new ReleaseSetPage(new ReleaseSetDetail(set, List.of(there.toBuilder().placement(Placement.HOME).build())),
                Fixtures.exampleProject(), Map.of(), AT).render();

        assertThat(elsewhere).contains("<dt>where</dt><dd>account 210987654321, region eu-west-1 (as"
                + " arn:aws:iam::210987654321:role/hm-workload)</dd>");
        assertThat(here).doesNotContain("<dt>where</dt>");
    }
}
