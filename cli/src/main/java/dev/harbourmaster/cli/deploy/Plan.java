package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSetKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deploy, promote or rollback would do, before anything is written: per service what runs
 * now and what it gets, why these releases were chosen, and what is left out.
 *
 * @param serviceSetId       the service set the releases make up whole, or null (chosen services)
 * @param context            lines that explain the choice (what is promoted from where, which set is rolled back to)
 * @param notes              services left out and why; what keeps running
 * @param defaultDescription the "why" when no -m is given
 */
record Plan(Project project, String environmentId, ReleaseSetKind kind, String serviceSetId, List<String> context,
            List<ServiceChange> changes, List<String> notes, String defaultDescription) {

    Plan {
        context = List.copyOf(context);
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** The plan with each service's configuration changes (service id → changes) and lines that say how they were found. */
    Plan withConfig(Map<String, ConfigChanges> config, List<String> more) {
        List<String> context = new java.util.ArrayList<>(this.context);
        context.addAll(more);
        return new Plan(project, environmentId, kind, serviceSetId, context, changes.stream()
                .map(c -> config.containsKey(c.serviceId()) ? c.withConfig(config.get(c.serviceId())) : c).toList(),
                notes, defaultDescription);
    }

    /** The services whose release differs from what runs. */
    List<ServiceChange> changing() {
        return changes.stream().filter(c -> !c.unchanged()).toList();
    }

    boolean nothingToChange() {
        return changing().isEmpty();
    }

    /** Every release of the set to write: unchanged services too, so the set says what the environment runs. */
    List<Release> releases() {
        return changes.stream().map(ServiceChange::release).toList();
    }

    /** Service → the release hash it runs now: what a rollback of this set's deployment returns to. */
    Map<String, String> releasesBefore() {
        Map<String, String> before = new HashMap<>();
        changes.stream().filter(c -> c.now() != null).forEach(c -> before.put(c.serviceId(), c.now().releaseHash()));
        return before;
    }

    String where() {
        return project.id() + "/" + environmentId;
    }
}
