package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.FailureCause;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Follows a release set until it ends or the timeout passes: reads it with its deployments every
 * {@code interval} (one consistent Query each) and prints one line per change, the set's status
 * and each service's status and, for a failure, its cause once, with the time since it began
 * following. When nothing changed for {@link #HEARTBEAT}, a line says what is still under way and
 * how many tasks run the new digest. Plain lines, so a CI log and a terminal show the same. Once,
 * it explains a wait: a set still REQUESTED {@code unclaimedAfter} after it was requested (no
 * deployer listens), or a QUEUED set. A set held AWAITING_APPROVAL ends the follow: it waits for a
 * person's hm approve, which hm says how to run.
 */
final class Follower {

    /** Reads in a row that may fail (the network, throttling) before hm gives up following. */
    static final int READ_ATTEMPTS = 5;

    /** The longest silence while following: a long deploy is not mistaken for a stuck hm. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The last record read, and whether hm stopped because the timeout passed. */
    record Outcome(SetRecord last, boolean timedOut, Duration elapsed) {}

    private final Supplier<Optional<SetRecord>> read;
    private final Supplier<Instant> clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private final Duration timeout;
    private final Duration unclaimedAfter;
    private final NobodyListening nobodyListening;
    private final Map<String, String> releasesBefore;
    private final Consumer<String> out;

    private String setSeen;
    private final Map<String, String> servicesSeen = new HashMap<>();
    private boolean queuedSaid;
    private boolean unclaimedSaid;
    /** When the set was seen REQUESTED again after QUEUED: its wait for a deployer starts then, not at its request. */
    private Instant requestedAgain;
    private Duration saidAt = Duration.ZERO;

    /** @param releasesBefore service → the release hash it ran before: what a rollback returns to */
    Follower(Supplier<Optional<SetRecord>> read, Supplier<Instant> clock, Sleeper sleeper, Duration interval,
             Duration timeout, Duration unclaimedAfter, NobodyListening nobodyListening, Map<String, String> releasesBefore,
             Consumer<String> say) {
        this.read = read;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.timeout = timeout;
        this.unclaimedAfter = unclaimedAfter;
        this.nobodyListening = nobodyListening;
        this.releasesBefore = Map.copyOf(releasesBefore);
        this.out = say;
    }

    Outcome follow(String releaseSetId) {
        Instant start = clock.get();
        int failures = 0;
        while (true) {
            SetRecord record = null;
            try {
                record = read.get().orElseThrow(() -> new CliException("release set " + releaseSetId
                        + " is no longer in the table: someone deleted it; see hm history"));
                failures = 0;
            } catch (SdkException e) {
                if (++failures >= READ_ATTEMPTS) {
                    throw new CliException("could not read release set " + releaseSetId + " " + READ_ATTEMPTS
                            + " times in a row (" + firstLine(e.getMessage()) + "); it goes on without hm: follow it with "
                            + Shell.command("hm", "show", releaseSetId));
                }
            }
            Instant now = clock.get();
            Duration elapsed = Duration.between(start, now);
            if (record != null) {
                report(record, elapsed);
                explainWait(record.set(), now, elapsed);
                if (record.set().status().isFinal() || record.set().status() == ReleaseSetStatus.AWAITING_APPROVAL) {
                    // A held set waits for a person, not for the deployer: following it would only wait for the timeout.
                    return new Outcome(record, false, elapsed);
                }
                if (elapsed.minus(saidAt).compareTo(HEARTBEAT) >= 0) {
                    say(elapsed, heartbeat(record));
                }
            }
            if (elapsed.compareTo(timeout) >= 0) {
                if (record == null) {
                    throw new CliException("could not read release set " + releaseSetId + " before the timeout; follow it"
                            + " with " + Shell.command("hm", "show", releaseSetId));
                }
                return new Outcome(record, true, elapsed);
            }
            try {
                Duration left = timeout.minus(elapsed);
                sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("stopped following release set " + releaseSetId + "; it goes on without hm: "
                        + Shell.command("hm", "show", releaseSetId));
            }
        }
    }

    /** Prints what changed since the last read: services first, in the set's order, then the set. */
    private void report(SetRecord record, Duration elapsed) {
        ReleaseSet set = record.set();
        for (Release release : set.releases()) {
            record.deployment(release.serviceId()).ifPresent(d -> {
                String line = deploymentLine(d, releasesBefore.get(d.serviceId()));
                if (!line.equals(servicesSeen.put(d.serviceId(), line))) {
                    say(elapsed, line);
                }
            });
        }
        String line = setLine(record);
        if (!line.equals(setSeen)) {
            setSeen = line;
            say(elapsed, line);
        }
    }

    private void say(Duration elapsed, String line) {
        saidAt = elapsed;
        out.accept(String.format("%-7s", Text.elapsed(elapsed)) + " " + line);
    }

    private void explainWait(ReleaseSet set, Instant now, Duration elapsed) {
        List<String> lines = List.of();
        if (set.status() == ReleaseSetStatus.QUEUED && !queuedSaid) {
            queuedSaid = true;
            lines = nobodyListening.queued(set);
        } else if (set.status() == ReleaseSetStatus.REQUESTED) {
            if (queuedSaid && requestedAgain == null) {
                requestedAgain = now;
            }
            Instant since = requestedAgain != null ? requestedAgain : set.requestedAt() != null ? set.requestedAt()
                    : now.minus(elapsed);
            Duration waited = Duration.between(since, now);
            if (!unclaimedSaid && waited.compareTo(unclaimedAfter) > 0) {
                unclaimedSaid = true;
                lines = nobodyListening.unclaimed(set, waited);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (i == 0) {
                say(elapsed, lines.get(i));
            } else {
                out.accept(" ".repeat(7) + " " + lines.get(i));
            }
        }
    }

    /**
     * "search ROLLED_BACK: exit code 1 (EssentialContainerExited), rolled back to 2c3d4e5": a failure
     * by its cause (hm show has the ids); otherwise the status and what ECS is doing.
     */
    static String deploymentLine(Deployment d, String releaseBefore) {
        StringBuilder line = new StringBuilder(d.serviceId()).append(' ').append(d.status());
        String failure = d.status().isFailure()
                ? Text.failure(FailureCause.of(d), d.reason(), d.status(), releaseBefore) : null;
        if (failure != null) {
            line.append(": ").append(failure);
        } else if (d.reason() != null) {
            line.append(": ").append(d.reason());
        } else if (d.ecsDeploymentId() != null && !d.status().isFinal()) {
            line.append(": ECS deployment ").append(d.ecsDeploymentId());
        }
        return line.toString();
    }

    /** "release set PARTIAL: 1 of 2 failed (search)", as {@link #setState} says it. */
    static String setLine(SetRecord record) {
        return "release set " + setState(record);
    }

    /** The set's status, with its reason; a set that failed names its failed services only (their lines said why). */
    private static String setState(SetRecord record) {
        ReleaseSet set = record.set();
        String line = set.status().name();
        if (set.status() == ReleaseSetStatus.FAILED || set.status() == ReleaseSetStatus.PARTIAL) {
            List<String> failed = record.deployments().stream().filter(d -> !d.isSuccess()).map(Deployment::serviceId).toList();
            if (!failed.isEmpty()) {
                return line + ": " + failed.size() + " of " + set.releases().size() + " failed (" + String.join(", ", failed) + ")";
            }
        }
        if (set.statusReason() != null) {
            return line + ": " + set.statusReason();
        }
        return switch (set.status()) {
            case REQUESTED -> line + ": waiting for the deployer";
            case QUEUED -> line + ": waiting for the release set in flight";
            case AWAITING_APPROVAL -> line + ": waiting for approval";
            default -> line;
        };
    }

    /**
     * "still IN_PROGRESS: id_minter IN_PROGRESS (1 task on the new digest), search not started"; for a
     * set that waits, what it waits for.
     */
    static String heartbeat(SetRecord record) {
        if (record.set().status() == ReleaseSetStatus.REQUESTED || record.set().status() == ReleaseSetStatus.QUEUED) {
            return "still " + setState(record);
        }
        List<String> parts = new ArrayList<>();
        for (Release release : record.set().releases()) {
            Optional<Deployment> d = record.deployment(release.serviceId());
            if (d.isEmpty()) {
                parts.add(release.serviceId() + " not started");
            } else if (!d.get().status().isFinal()) {
                long onRelease = d.get().tasksOnRelease();
                String stage = dev.harbourmaster.views.Text.stage(d.get());
                parts.add(release.serviceId() + " " + d.get().status() + " (" + (stage == null ? "" : stage + "; ")
                        + (onRelease == 0 ? "no task on the new digest yet"
                        : onRelease + (onRelease == 1 ? " task" : " tasks") + " on the new digest") + ")");
            }
        }
        return "still " + record.set().status() + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    /** What is still under way: "id_minter IN_PROGRESS, search not started". */
    static String inFlight(SetRecord record) {
        List<String> parts = new ArrayList<>();
        for (Release release : record.set().releases()) {
            Optional<Deployment> d = record.deployment(release.serviceId());
            if (d.isEmpty()) {
                parts.add(release.serviceId() + switch (record.set().status()) {
                    case REQUESTED -> " waiting for the deployer";
                    case QUEUED -> " queued";
                    case AWAITING_APPROVAL -> " awaiting approval";
                    default -> " not started";
                });
            } else if (!d.get().status().isFinal()) {
                parts.add(release.serviceId() + " " + d.get().status());
            }
        }
        return parts.isEmpty() ? "the set is " + record.set().status() : String.join(", ", parts);
    }

    /** The services that did not end running their release, each with its status: "search ROLLED_BACK". */
    static List<String> failures(SetRecord record) {
        List<String> lines = new ArrayList<>();
        for (Release release : record.set().releases()) {
            Optional<Deployment> d = record.deployment(release.serviceId());
            if (d.isEmpty()) {
                if (record.set().status() != ReleaseSetStatus.REJECTED) {
                    lines.add(release.serviceId() + " not deployed");
                }
            } else if (!d.get().isSuccess()) {
                lines.add(d.get().serviceId() + " " + d.get().status());
            }
        }
        return lines;
    }

    private static String firstLine(String message) {
        String text = Objects.toString(message, "no message");
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
