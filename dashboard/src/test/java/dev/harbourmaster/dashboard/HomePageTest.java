package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.views.StatusView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HomePageTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static ReleaseSet set(String environment, Instant at, String who, ReleaseSetStatus status, String reason) {
        return new ReleaseSet(Ulid.random(at), "catalogue", environment, null, List.of(), ReleaseSetKind.DEPLOY, who, "why",
                at, status, reason);
    }

    @Test
    void eachEnvironmentShowsItsQueuedSetsAndTheRequestedOnesNoDeployerClaimed() {
        String inFlight = Ulid.random(NOW.minusSeconds(900));
        ReleaseSet unclaimed = set("staging", NOW.minusSeconds(180), "mallory<script>", ReleaseSetStatus.REQUESTED, null);
        ReleaseSet fresh = set("staging", NOW.minusSeconds(20), "bob", ReleaseSetStatus.REQUESTED, null);
        ReleaseSet queued = set("prod", NOW.minusSeconds(120), "ecr-push", ReleaseSetStatus.QUEUED,
                "queued behind release set " + inFlight + ": it starts when that one ends");
        ProjectState state = new ProjectState(Fixtures.exampleProject(), List.of());
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", Gate.OPEN);
        gates.put("prod", new Gate(Optional.empty(), Optional.of(inFlight), NOW.plusSeconds(3600)));
        StatusView view = new StatusView(state, gates,
                Map.of("staging", List.of(unclaimed, fresh), "prod", List.of(queued)), NOW);

        String html = new HomePage(state, view, Map.of(), NOW).render();

        assertThat(html).contains("<p class=\"banner stalled\" role=\"status\">staging: release set <a href=\"/sets/"
                        + unclaimed.id() + "\">" + unclaimed.id() + "</a> <span class=\"badge busy\">",
                        " REQUESTED</span> 3m ago by mallory&lt;script&gt; (ARN not recorded): no deployer has claimed it</p>")
                .contains("<p class=\"banner busy\" role=\"status\">prod: release set <a href=\"/sets/" + queued.id() + "\">",
                        " QUEUED</span> 2m ago by ecr-push: waits for release set " + inFlight + " in flight</p>")
                .doesNotContain(fresh.id(), "mallory<script>");
        assertThat(html.indexOf(queued.id())).as("below the environment's set in flight")
                .isGreaterThan(html.indexOf("prod: release set <a href=\"/sets/" + inFlight));
    }

    @Test
    void onlyTheNewestSetsThatWaitHaveABannerAndTheHistoryHasTheOthers() {
        List<ReleaseSet> unclaimed = new ArrayList<>();
        for (int i = 6; i >= 1; i--) {
            unclaimed.add(set("staging", NOW.minusSeconds(3600L * i), "ecr-push", ReleaseSetStatus.REQUESTED, null));
        }
        ProjectState state = new ProjectState(Fixtures.exampleProject(), List.of());
        StatusView view = new StatusView(state, Map.of("staging", Gate.OPEN), Map.of("staging", unclaimed), NOW);

        String html = new HomePage(state, view, Map.of(), NOW).render();

        assertThat(html).contains("staging: 1 older release set waits too (<a href=\"/p/catalogue/history?env=staging\">"
                + "history</a>)").doesNotContain(unclaimed.get(0).id());
        unclaimed.subList(1, 6).forEach(s -> assertThat(html).contains("/sets/" + s.id()));
    }

    @Test
    void anEnvironmentOutsideTheStacksOwnAccountAndRegionSaysWhereUnderItsName() {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        Placement elsewhere = new Placement("210987654321", "us-east-1", "arn:aws:iam::210987654321:role/Deployer");
        Project placed = new Project(example.id(), example.name(), example.releaseHashRule(), List.of(
                example.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), elsewhere)), example.serviceSets());
        ProjectState state = new ProjectState(placed, List.of());
        StatusView view = new StatusView(state, Map.of("staging", Gate.OPEN, "prod", Gate.OPEN), Map.of(), NOW);

        String html = new HomePage(state, view, Map.of(), NOW).render();

        assertThat(html).contains("<th scope=\"col\">prod<div class=\"placement\" title=\"account 210987654321, region"
                + " us-east-1, role arn:aws:iam::210987654321:role/Deployer\">account 210987654321, region us-east-1</div>");
        assertThat(html).as("the stack's own place goes without saying").contains("<th scope=\"col\">staging</th>")
                .containsOnlyOnce("class=\"placement\"");
    }

    @Test
    void setsAwaitingApprovalAreABannerAtTheTopWithWhoWhySinceWhenAndTheCommand() {
        ReleaseSet held = new ReleaseSet("catalogue/prod/" + Ulid.random(NOW.minusSeconds(600)), "catalogue", "prod", null,
                List.of(), ReleaseSetKind.DEPLOY, "bob", "ship search <b>fast</b>", NOW.minusSeconds(600),
                ReleaseSetStatus.AWAITING_APPROVAL, "waits for approval in prod", "arn:aws:sts::123456789012:assumed-role/Dev/bob");
        ProjectState state = new ProjectState(Fixtures.exampleProject(), List.of());
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", Gate.OPEN);
        gates.put("prod", Gate.OPEN);
        StatusView view = new StatusView(state, gates, Map.of("prod", List.of(held)), NOW);

        String html = new HomePage(state, view, Map.of(), NOW).render();

        assertThat(html).contains("<section class=\"banner awaiting-approval\" role=\"alert\" aria-label=\"Awaiting approval\">"
                        + "<h2>1 release set awaits approval</h2><ul><li><strong>prod</strong>: release set <a href=\"/sets/"
                        + held.id() + "\">" + held.id() + "</a> requested by bob (arn:aws:sts::123456789012:assumed-role/Dev/bob)"
                        + " 10m ago",
                "ship search &lt;b&gt;fast&lt;/b&gt;. Approve it with <code class=\"command\">hm approve --project catalogue"
                        + " --env prod " + held.id() + "</code></li></ul></section>")
                .contains("prod: 1 awaiting approval");
        assertThat(html.indexOf("awaiting-approval")).as("at the top, before the summary and the gates")
                .isLessThan(html.indexOf("class=\"summary\""));
        assertThat(html.split(java.util.regex.Pattern.quote("/sets/" + held.id()), -1)).as("said once").hasSize(2);
    }

    @Test
    void anAdoptedCellSaysItWasAdoptedAndLinksToNoReleaseSet() {
        String digest = "sha256:" + "ab".repeat(32);
        dev.harbourmaster.domain.CurrentState.Running adopted = dev.harbourmaster.domain.CurrentState.Running.adopted(
                "3f9c2ab", List.of(new dev.harbourmaster.domain.ReleaseImage("app", "catalogue/x", digest, "repo@" + digest,
                        "3f9c2ab")), NOW.minusSeconds(7200), "carol", null, "adopted: ran before Harbourmaster (task definition x:3)",
                "ecs-svc/9", "arn:aws:ecs:eu-west-1:123456789012:task-definition/x:3", null);
        dev.harbourmaster.domain.CurrentState row = new dev.harbourmaster.domain.CurrentState("catalogue", "prod", "requests",
                adopted, null, null, 0);
        dev.harbourmaster.domain.CurrentState failed = new dev.harbourmaster.domain.CurrentState("catalogue", "prod", "search",
                dev.harbourmaster.domain.CurrentState.Running.adopted(null, adopted.images(), NOW.minusSeconds(7200), "carol",
                        null, "adopted", null, adopted.adoptedFrom(), null),
                new dev.harbourmaster.domain.CurrentState.LastDeployment("S2", "ffee001", dev.harbourmaster.domain.DeploymentStatus.FAILED,
                        "exit 1", NOW.minusSeconds(60), "bob", "y", NOW.minusSeconds(120)), null, 1);
        ProjectState state = new ProjectState(Fixtures.exampleProject(), List.of(row, failed));
        StatusView view = new StatusView(state, Map.of("prod", Gate.OPEN), Map.of(), NOW);

        String html = new HomePage(state, view, Map.of(), NOW).render();

        assertThat(html).contains("<span class=\"hash\" title=\"3f9c2ab\">3f9c2ab</span>")
                .contains("ADOPTED</span>").contains("adopted 2h ago · carol").contains("task definition x:3")
                .contains("no hash").doesNotContain("/sets/null");
    }
}
