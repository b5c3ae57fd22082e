package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Text;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which release set held AWAITING_APPROVAL hm approve or reject answers, if any: the one named by id,
 * or else the environment's one held set. When a deployment in flight waits at a pause hook too, or
 * several sets are held, hm does not guess: it names them and asks for the id.
 */
final class HeldSets {

    /** How many of the environment's newest sets are looked through for held ones (pattern 4, one Query). */
    static final int LOOKBACK = 20;

    private HeldSets() {}

    /**
     * @param hooksWaiting the release set in flight whose deployments wait at a pause hook, if one does (asked only when needed)
     * @return the held set to answer; empty when hm should answer pause hooks instead
     */
    static Optional<ReleaseSet> target(ReleaseSets releaseSets, Project project, Environment environment, String setId,
                                       Supplier<Optional<String>> hooksWaiting, String verb) {
        String where = project.id() + "/" + environment.id();
        if (setId != null) {
            Optional<ReleaseSet> named = releaseSets.releaseSet(setId).filter(s -> s.status() == ReleaseSetStatus.AWAITING_APPROVAL);
            named.filter(s -> !s.projectId().equals(project.id()) || !s.environmentId().equals(environment.id()))
                    .ifPresent(s -> {
                        throw new CliException("release set " + setId + " is of " + s.projectId() + "/" + s.environmentId()
                                + ", not of " + where + ": name its project and environment");
                    });
            return named;
        }
        List<ReleaseSet> held = releaseSets.releaseSets(project.id(), environment.id(), LOOKBACK).stream()
                .filter(s -> s.status() == ReleaseSetStatus.AWAITING_APPROVAL).toList();
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Function<String, String> command = id -> Shell.command("hm", verb, "--project", project.id(), "--env", environment.id(), id);
        if (held.size() > 1) {
            throw new CliException(held.size() + " release sets await approval in " + where + ": " + held.stream()
                    .map(s -> s.id() + " (" + about(s) + ")").collect(Collectors.joining(", "))
                    + "; name the one to " + verb + ": " + command.apply(held.get(0).id()));
        }
        ReleaseSet set = held.get(0);
        Optional<String> paused = hooksWaiting.get();
        if (paused.isPresent()) {
            throw new CliException("two things wait in " + where + ": release set " + set.id() + " awaits approval (" + about(set)
                    + "), and deployments of release set " + paused.get() + " wait at a pause hook; name the one to " + verb
                    + ": " + command.apply(set.id()) + " (the held set) or " + command.apply(paused.get()) + " (its hooks)");
        }
        return Optional.of(set);
    }

    private static String about(ReleaseSet set) {
        return "requested by " + Text.by(set.requestedBy(), set.requestedByArn())
                + (set.description() == null ? "" : ": " + Text.cut(set.description(), 60));
    }
}
