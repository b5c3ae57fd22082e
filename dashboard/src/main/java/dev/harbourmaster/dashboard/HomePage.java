package dev.harbourmaster.dashboard;

import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.StatusView;
import dev.harbourmaster.views.Text;
import dev.harbourmaster.views.Waiting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's home: the release sets that await approval first, then each environment's lock, release set in flight (with live progress) and the
 * sets that wait there, then the service × environment matrix of what runs, since when, who put it
 * there, why, how the last deployment went, and what the last verification found.
 */
final class HomePage {

    private static final int WHY = 60;

    private final ProjectState state;
    private final StatusView status;
    private final Map<String, ReleaseSetDetail> inFlight;
    private final Instant now;

    /**
     * @param status   what hm status would say of the same reads (the sets that wait)
     * @param inFlight the sets in flight, by environment (read apart: the project's Query names them only)
     */
    HomePage(ProjectState state, StatusView status, Map<String, ReleaseSetDetail> inFlight, Instant now) {
        this.state = state;
        this.status = status;
        this.inFlight = inFlight;
        this.now = now;
    }

    boolean live() {
        return !inFlight.isEmpty();
    }

    String render() {
        String projectId = state.project().id();
        Html html = new Html();
        html.element("h1", state.project().name() == null ? projectId : state.project().name());
        List<Environment> environments = state.project().environments();
        if (environments.isEmpty()) {
            html.element("p", "The project has no environments: add some to its harbourmaster.yml and run hm project apply.",
                    "class", "empty");
            return Layout.page(projectId, projectId, "status", "/api/p/" + projectId + "/status", false, now, html);
        }
        awaitingApproval(html);
        html.element("p", status.summary(), "class", "summary");
        gates(html, environments);
        matrix(html, environments);
        return Layout.page(projectId, projectId, "status", "/api/p/" + projectId + "/status", live(), now, html);
    }

    private void gates(Html html, List<Environment> environments) {
        for (Environment environment : environments) {
            Gate gate = state.gate(environment.id());
            gate.lock().ifPresent(lock -> lockBanner(html, environment.id(), lock));
            ReleaseSetDetail detail = inFlight.get(environment.id());
            if (detail != null) {
                progress(html, environment.id(), detail);
            } else if (gate.inFlightReleaseSetId().isPresent()) {
                html.open("p", "class", "banner busy").text(environment.id() + ": release set ")
                        .link(setHref(gate.inFlightReleaseSetId().get()), gate.inFlightReleaseSetId().get())
                        .text(" in flight").close("p");
            }
            List<Waiting> waits = status.waiting(environment.id());
            int older = waits.size() - StatusView.WAITING_SHOWN;
            if (older > 0) {
                html.open("p", "class", "banner busy").text(environment.id() + ": " + Waiting.older(older) + " (")
                        .link("/p/" + state.project().id() + "/history?env=" + environment.id(), "history").text(")").close("p");
            }
            waits.subList(Math.max(0, older), waits.size()).stream().filter(w -> !w.awaitingApproval())
                    .forEach(w -> waitingBanner(html, environment.id(), w));
        }
    }

    /**
     * First on the page: every set held for approval, with where, who asked, why, since when, and the
     * command that approves it (the gates below leave these out, not to say them twice).
     */
    private void awaitingApproval(Html html) {
        List<Waiting> held = status.awaitingApproval();
        if (held.isEmpty()) {
            return;
        }
        html.open("section", "class", "banner awaiting-approval", "role", "alert", "aria-label", "Awaiting approval")
                .element("h2", held.size() == 1 ? "1 release set awaits approval" : held.size() + " release sets await approval")
                .open("ul");
        for (Waiting waiting : held) {
            ReleaseSet set = waiting.set();
            html.open("li").element("strong", set.environmentId()).text(": release set ").link(setHref(set.id()), set.id())
                    .text(" requested by " + Text.by(set.requestedBy(), set.requestedByArn()) + " " + age(set.requestedAt(), now)
                            + " ago (" + when(set.requestedAt(), now) + "): " + orDash(set.description()) + ". Approve it with ")
                    .element("code", waiting.approveCommand(), "class", "command")
                    .close("li");
        }
        html.close("ul").close("section");
    }

    /** A QUEUED set and what it waits for, or a REQUESTED one that no deployer has claimed. */
    private void waitingBanner(Html html, String environmentId, Waiting waiting) {
        ReleaseSet set = waiting.set();
        html.open("p", "class", "banner " + (waiting.queued() ? "busy" : "stalled"), "role", "status")
                .text(environmentId + ": release set ").link(setHref(set.id()), set.id()).text(" ");
        Badges.badge(html, set.status().name());
        html.text(" " + age(set.requestedAt(), now) + " ago by " + Text.by(set.requestedBy(), set.requestedByArn()) + ": " + waiting.hint())
                .close("p");
    }

    private void lockBanner(Html html, String environmentId, Lock lock) {
        boolean inForce = lock.inForceAt(now);
        html.open("p", "class", "banner " + (inForce ? "locked" : "none"), "role", "status");
        if (inForce) {
            Badges.badge(html, "LOCKED", lock.expiresAt() == null ? "FROZEN" : "LOCKED");
            html.text(" ");
        }
        html.element("strong", environmentId + (lock.expiresAt() == null ? " is frozen"
                        : inForce ? " is locked" : ": an expired lock"))
                .text(" by " + Text.lock(lock, now))
                .element("code", Shell.command("hm", "unlock", "--project", state.project().id(), "--env", environmentId))
                .close("p");
    }

    /** A set in flight: each service's deployment, and the tasks seen running the release's digest. */
    private void progress(Html html, String environmentId, ReleaseSetDetail detail) {
        html.open("section", "class", "progress", "aria-live", "polite")
                .open("h2").text(environmentId + ": release set ").link(setHref(detail.set().id()), detail.set().id())
                .text(" in flight").close("h2")
                .open("p").text("Requested " + when(detail.set().requestedAt(), now) + " by "
                        + Text.by(detail.set().requestedBy(), detail.set().requestedByArn()) + ": " + orDash(detail.set().description())).close("p");
        html.open("ul");
        for (Release release : detail.set().releases()) {
            html.open("li").element("strong", release.serviceId()).text(" → " + shortHash(release.releaseHash()) + " ");
            Deployment deployment = detail.deployment(release.serviceId()).orElse(null);
            if (deployment == null) {
                Badges.badge(html, "REQUESTED", "waiting");
            } else {
                Badges.badge(html, deployment.status().name());
                long onDigest = deployment.tasksOnRelease();
                html.text(" " + onDigest + (onDigest == 1 ? " task" : " tasks") + " seen running the new digest"
                        + (deployment.startedAt() == null ? "" : ", started " + age(deployment.startedAt(), now) + " ago"));
                String stage = deployment.status() == DeploymentStatus.IN_PROGRESS ? Text.stage(deployment) : null;
                if (stage != null) {
                    html.text("; " + stage);
                }
                if (deployment.status() == DeploymentStatus.IN_PROGRESS && deployment.evidence().hookAwaitingAction().isPresent()) {
                    html.text(". Approve with ").element("code", Shell.command("hm", "approve", "--project", state.project().id(),
                            "--env", environmentId), "class", "command");
                }
            }
            html.close("li");
        }
        html.close("ul").close("section");
    }

    private void matrix(Html html, List<Environment> environments) {
        Set<String> services = new LinkedHashSet<>();
        state.project().services().forEach(s -> services.add(s.id()));
        state.rows().stream().map(CurrentState::serviceId).sorted().forEach(services::add);
        if (services.isEmpty()) {
            html.element("p", "The project has no services yet.", "class", "empty");
            return;
        }
        if (state.rows().isEmpty()) {
            html.open("p", "class", "empty").text("Nothing has been deployed yet. Push an image to an environment with"
                    + " autoDeploy, or run ").element("code", Shell.command("hm", "deploy", "--project", state.project().id(),
                    "--env", environments.get(0).id())).text(".").close("p");
        }
        html.open("div", "class", "scroll").open("table", "class", "matrix")
                .element("caption", "What runs where: each cell is a service in an environment")
                .open("thead").open("tr").element("th", "service", "scope", "col");
        environments.forEach(e -> {
            html.open("th", "scope", "col").text(e.id());
            placement(html, e.placement());
            String ready = status.promotableLine(e.id());
            if (ready != null) {
                html.element("div", ready, "class", "promotable").element("code", status.promoteCommand(e.id()), "class",
                        "promotable");
            }
            html.close("th");
        });
        html.close("tr").close("thead").open("tbody");
        for (String serviceId : services) {
            boolean inManifest = state.project().service(serviceId).isPresent();
            html.open("tr").open("th", "scope", "row").text(serviceId);
            if (!inManifest) {
                html.element("small", " (not in manifest)");
            }
            html.close("th");
            for (Environment environment : environments) {
                cell(html, environment.id(), serviceId);
            }
            html.close("tr");
        }
        html.close("tbody").close("table").close("div");
    }

    /** Where an environment lives, under its name, when it is not the stack's own account and region (the role in the tooltip). */
    private static void placement(Html html, Placement placement) {
        if (placement.isHome()) {
            return;
        }
        Placement where = new Placement(placement.account(), placement.region(), null);
        html.element("div", (where.isHome() ? placement : where).describe(), "class", "placement", "title", placement.describe());
    }

    private void cell(Html html, String environmentId, String serviceId) {
        CurrentState row = state.row(environmentId, serviceId).orElse(null);
        CurrentState.Running running = row == null ? null : row.running();
        CurrentState.LastDeployment last = row == null ? null : row.last();
        String status = last != null && last.status() != null ? last.status().name()
                : running != null && running.status() != null ? running.status().name()
                : running != null && running.adopted() ? StatusView.ADOPTED : null;
        html.open("td", "class", "cell " + Badges.look(status)[0], "data-env", environmentId, "data-service", serviceId);
        // Two lines: what runs and how its last deployment went; then since when, who and why (one line on a wide screen).
        html.open("div", "class", "release");
        if (running != null && running.adopted()) {
            // Adopted: no release set put it there, so no page to link to.
            html.element("span", running.releaseHash() == null ? "no hash" : shortHash(running.releaseHash()), "class", "hash",
                    "title", running.releaseHash() == null ? "no build of the image gave a release hash" : running.releaseHash());
            html.element("span", shortDigest(running.images()), "class", "digest", "title", digests(running.images()));
        } else if (running != null) {
            html.link(setHref(running.releaseSetId()), shortHash(running.releaseHash()), "class", "hash", "title",
                    running.releaseHash());
            html.element("span", shortDigest(running.images()), "class", "digest", "title", digests(running.images()));
        }
        if (running != null && running.adopted()) {
            html.open("span", "class", "outcome", "title", "adopted " + when(running.since(), now) + ": what ECS ran"
                    + " (task definition " + revision(running.adoptedFrom()) + ") before Harbourmaster deployed here;"
                    + " not a deployment of Harbourmaster's");
        } else {
            html.open("span", "class", "outcome");
        }
        Badges.badge(html, status, StatusView.outcome(row));
        html.close("span").close("div");
        String why = last != null ? last.description() : running == null ? null : running.description();
        if (running != null || why != null) {
            String by = running == null ? null : Text.by(running.requestedBy(), running.requestedByArn());
            String since = running == null ? null : when(running.since(), now) + " · " + by;
            html.open("div", "class", "about", "title", Stream.of(since, why).filter(Objects::nonNull)
                    .collect(Collectors.joining(" · ")));
            if (running != null) {
                html.element("span", (running.adopted() ? "adopted " : "since ") + age(running.since(), now) + " ago · " + by,
                        "class", "meta");
            }
            if (running != null && why != null) {
                html.text(" · ");
            }
            if (why != null) {
                html.element("span", cut(why, WHY), "class", "why");
            }
            html.close("div");
        }
        if (last != null && last.status() != null && !last.status().isSuccess()) {
            String failure = Text.failure(last.cause(), last.reason(), last.status(),
                    running == null || Objects.equals(running.releaseHash(), last.releaseHash()) ? null : running.releaseHash());
            if (failure != null) {
                html.element("div", failure, "class", "reason", "title", last.reason());
            }
        }
        if (StatusView.changedOutside(row)) {
            html.element("div", "⚠ changed outside Harbourmaster " + age(row.outOfBand().at(), now) + " ago ("
                    + row.outOfBand().ecsDeploymentId() + ")", "class", "drift");
        }
        verification(html, environmentId, serviceId);
        html.close("td");
    }

    private void verification(Html html, String environmentId, String serviceId) {
        EnvironmentVerification verification = state.verification(environmentId).orElse(null);
        if (verification == null) {
            return;
        }
        verification.service(serviceId).ifPresent(verdict -> {
            String at = "verified " + age(verification.checkedAt(), now) + " ago";
            if (verdict.drift()) {
                html.element("div", "✖ DRIFT (" + at + "): " + cut(Text.shortDigests(orDash(verdict.summary())), WHY),
                        "class", "drift", "title", orDash(verdict.summary()));
            } else {
                html.element("div", Badges.look(verdict.status())[1] + " " + verdict.status() + " (" + at + ")",
                        "class", "verified");
            }
        });
    }

    /** "family:7" of a task definition ARN. */
    private static String revision(String taskDefinitionArn) {
        int slash = taskDefinitionArn.lastIndexOf('/');
        return slash < 0 ? taskDefinitionArn : taskDefinitionArn.substring(slash + 1);
    }

    static String setHref(String releaseSetId) {
        return "/sets/" + releaseSetId;
    }

    private static String shortDigest(List<ReleaseImage> images) {
        List<String> out = new ArrayList<>();
        for (ReleaseImage image : images) {
            String digest = image.digest() == null ? "?" : image.digest().replaceFirst("^sha256:([0-9a-f]{12}).*", "$1");
            out.add(images.size() == 1 ? digest : image.container() + "=" + digest);
        }
        return String.join(" ", out);
    }

    private static String digests(List<ReleaseImage> images) {
        return String.join("\n", images.stream().map(i -> i.container() + " " + i.digest()).toList());
    }

    private static String orDash(String text) {
        return text == null ? "–" : text;
    }
}
