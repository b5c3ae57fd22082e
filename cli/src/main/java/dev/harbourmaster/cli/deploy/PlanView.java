package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.views.Text.services;
import static dev.harbourmaster.views.Text.shortDigests;
import static dev.harbourmaster.views.Text.shortHash;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.documents.ImageDocument;
import dev.harbourmaster.documents.KnownBadDocument;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What hm prints of a plan (for a person, and as JSON), the question it asks, and its "nothing to change". */
final class PlanView {

    /** Commits listed under a service; the rest are counted. */
    static final int COMMITS_SHOWN = 10;

    /** Configuration changes listed on a service's line; the rest are counted (--output json has every one). */
    static final int CONFIG_SHOWN = 8;

    /** Earlier failures of a release listed under its service, the newest. */
    static final int OUTCOMES_SHOWN = 3;

    private final Plan plan;
    private final KnownBadReleases bad;
    private final Instant now;

    /** @param bad what went wrong before with releases of the project: the plan warns of each it would deploy */
    PlanView(Plan plan, KnownBadReleases bad, Instant now) {
        this.plan = plan;
        this.bad = bad;
        this.now = now;
    }

    /** Each changing service whose release failed or was undone somewhere, with what went wrong, newest first. */
    Map<String, List<KnownBadReleases.Outcome>> knownBad() {
        Map<String, List<KnownBadReleases.Outcome>> known = new LinkedHashMap<>();
        for (ServiceChange change : plan.changing()) {
            List<KnownBadReleases.Outcome> outcomes = knownBad(change);
            if (!outcomes.isEmpty()) {
                known.put(change.serviceId(), outcomes);
            }
        }
        return known;
    }

    /** What went wrong before with the release a change deploys; none for a service left unchanged. */
    private List<KnownBadReleases.Outcome> knownBad(ServiceChange change) {
        return change.imagesUnchanged() ? List.of() : bad.of(change.serviceId(), change.release().releaseHash());
    }

    /** Why hm will not deploy it without --force: each release and what went wrong with it last. */
    String knownBadRefusal() {
        List<String> parts = new ArrayList<>();
        knownBad().forEach((service, outcomes) -> parts.add(service + " " + shortHash(outcomes.get(0).releaseHash()) + " "
                + Text.badOutcome(outcomes.get(0), now)));
        return String.join("; ", parts) + "; to " + verb(plan.kind()).toLowerCase(Locale.ROOT)
                + " it anyway, add --force (or choose another release with --release HASH)";
    }

    static String verb(ReleaseSetKind kind) {
        return switch (kind) {
            case DEPLOY -> "Deploy";
            case PROMOTE -> "Promote";
            case ROLLBACK -> "Roll back";
            case IMPORTED -> throw notPlanned();
        };
    }

    /** hm plans deploys, promotions and rollbacks; an IMPORTED set is history (hm import weco), never a plan. */
    private static IllegalStateException notPlanned() {
        return new IllegalStateException("an IMPORTED release set is history, never a plan of hm deploy, promote or rollback");
    }

    /** "Deploy to catalogue/staging: 2 services change, 1 unchanged". */
    String title() {
        int changing = plan.changing().size();
        int unchanged = plan.changes().size() - changing;
        String preposition = plan.kind() == ReleaseSetKind.ROLLBACK ? " in " : " to ";
        return verb(plan.kind()) + preposition + plan.where() + ": " + services(changing)
                + (changing == 1 ? " changes" : " change") + (unchanged == 0 ? "" : ", " + unchanged + " unchanged");
    }

    /**
     * The plan for a person: the title, why these releases, then per service what runs now and what
     * it gets (or "unchanged") with the commits between them, then what is left out, why and who
     * (each left out when null).
     */
    List<String> lines(String description, Actor requestedBy) {
        List<String> lines = new ArrayList<>();
        lines.add(title());
        lines.addAll(plan.context());
        int width = plan.changes().stream().mapToInt(c -> c.serviceId().length()).max().orElse(0);
        for (ServiceChange change : plan.changes()) {
            StringBuilder line = new StringBuilder("  ").append(String.format("%-" + width + "s", change.serviceId())).append("  ");
            CurrentState.Running now = change.now();
            String target = shortHash(change.release().releaseHash()) + " " + shortDigests(change.release().images());
            if (change.unchanged()) {
                line.append(target).append("  unchanged");
            } else if (change.configOnly()) {
                line.append(target).append("  configuration only");
            } else {
                line.append(now == null ? "never deployed" : (now.adopted() ? "adopted " : "")
                                + (now.releaseHash() == null ? "(no release hash)" : shortHash(now.releaseHash())) + " "
                                + shortDigests(now.images()))
                        .append(" -> ").append(target);
            }
            if (change.origin() != null) {
                line.append("  (from ").append(change.origin()).append(')');
            }
            lines.add(line.toString());
            String warn = "  " + " ".repeat(width) + "    warning: " + shortHash(change.release().releaseHash()) + " ";
            knownBad(change).stream().limit(OUTCOMES_SHOWN).forEach(o -> lines.add(warn + Text.badOutcome(o, this.now)));
            if (!change.config().isEmpty()) {
                lines.add("  " + " ".repeat(width) + "    config: " + change.config().summary(CONFIG_SHOWN));
            }
            if (!change.unchanged() && !change.configOnly()) {
                String indent = "  " + " ".repeat(width) + "    ";
                change.commits().stream().limit(COMMITS_SHOWN).forEach(commit -> lines.add(indent + commit));
                if (change.commits().size() > COMMITS_SHOWN) {
                    lines.add(indent + "... and " + (change.commits().size() - COMMITS_SHOWN) + " more ("
                            + Shell.command("git", "log", shortHash(now.releaseHash()) + ".." + shortHash(change.release().releaseHash()))
                            + ")");
                }
            }
        }
        plan.notes().forEach(note -> lines.add("  " + note));
        plan.project().environment(plan.environmentId()).map(Environment::approval).filter(ApprovalRule::required)
                .filter(rule -> !plan.changing().isEmpty())
                .ifPresent(rule -> lines.add("  " + plan.environmentId() + " requires approval (" + rule.describe() + "): the set waits"
                        + " AWAITING_APPROVAL, nothing rolled, until an approver runs hm approve"));
        if (description != null) {
            lines.add("Why: " + description);
        }
        if (requestedBy != null) {
            lines.add("By:  " + Text.by(requestedBy.name(), requestedBy.arn()));
        }
        return lines;
    }

    /** "Deploy 2 services to staging?", or "…, 1 of them a release that failed before?" */
    String question() {
        int known = knownBad().size();
        String count = services(plan.changing().size()) + (known == 0 ? "" : ", " + known + " of them a release that"
                + " failed before,");
        return switch (plan.kind()) {
            case DEPLOY -> "Deploy " + count + " to " + plan.environmentId() + "?";
            case PROMOTE -> "Promote " + count + " to " + plan.environmentId() + "?";
            case ROLLBACK -> "Roll back " + count + " in " + plan.environmentId() + "?";
            case IMPORTED -> throw notPlanned();
        };
    }

    /** The one line for a plan that changes nothing: what runs already, and what to do instead. */
    String nothingToChange() {
        String project = plan.project().id();
        String env = plan.environmentId();
        return switch (plan.kind()) {
            case DEPLOY -> "nothing to deploy: " + (plan.changes().size() == 1 ? plan.changes().get(0).serviceId()
                    + " already runs" : "every service planned already runs") + " the chosen release in " + plan.where()
                    + "; push a new image, or choose another release with --release HASH ("
                    + Shell.command("hm", "releases", "--project", project) + ")";
            case PROMOTE -> "nothing to promote: " + plan.where() + " already runs these releases; deploy something new"
                    + " to the source environment first";
            case ROLLBACK -> "nothing to roll back: " + (plan.changes().size() == 1 ? plan.changes().get(0).serviceId()
                    + " already runs its release" : "every service already runs its release") + " from the set it would"
                    + " go back to; name an older release set with --to ID ("
                    + Shell.command("hm", "history", "--project", project, "--env", env) + ")";
            case IMPORTED -> throw notPlanned();
        };
    }

    /** What hm deploy, promote and rollback would do (or did), whole: digests and descriptions uncut. */
    record PlanDocument(String project, String environment, String kind, String serviceSet, String description,
                        String requestedBy, String requestedByArn, List<String> context, List<Change> services,
                        List<String> notes) {}

    /**
     * @param change   "unchanged", "first" (never deployed there), "update", or "config" (its images run already,
     *                 its new revision changes configuration)
     * @param knownBad what went wrong with the release before, newest first
     * @param config   what the new revision changes in configuration from the running one ({@code +FEATURE_X}, …)
     */
    record Change(String service, String change, Images now, Images release, String fromReleaseSet, List<String> commits,
                  List<KnownBadDocument> knownBad, List<String> config) {}

    record Images(String releaseHash, List<ImageDocument> images) {}

    /** Everything, whole: digests and descriptions uncut. */
    PlanDocument json(String description, Actor requestedBy) {
        return new PlanDocument(plan.project().id(), plan.environmentId(), plan.kind().name(), plan.serviceSetId(),
                description, requestedBy == null ? null : requestedBy.name(), requestedBy == null ? null : requestedBy.arn(),
                plan.context(), plan.changes().stream().map(this::change).toList(), plan.notes());
    }

    private Change change(ServiceChange change) {
        return new Change(change.serviceId(), change.unchanged() ? "unchanged" : change.configOnly() ? "config"
                : change.now() == null ? "first" : "update",
                change.now() == null ? null : new Images(change.now().releaseHash(), ImageDocument.all(change.now().images())),
                new Images(change.release().releaseHash(), ImageDocument.all(change.release().images())), change.origin(),
                change.commits(), KnownBadDocument.all(knownBad(change)), change.config().lines());
    }
}
