package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Deployment;
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
 * and each service's status and reason, with the time since it began following. Plain lines, so a
 * CI log and a terminal show the same. Once, it explains a wait: a set still REQUESTED
 * {@code unclaimedAfter} after it was requested (no deployer listens), or a QUEUED set.
 */
final class Follower {

    /** Reads in a row that may fail (the network, throttling) before hm gives up following. */
    static final int READ_ATTEMPTS = 5;

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
    private final Consumer<String> say;

    private String setSeen;
    private final Map<String, String> servicesSeen = new HashMap<>();
    private boolean queuedSaid;
    private boolean unclaimedSaid;
    /** When the set was seen REQUESTED again after QUEUED: its wait for a deployer starts then, not at its request. */
    private Instant requestedAgain;

    Follower(Supplier<Optional<SetRecord>> read, Supplier<Instant> clock, Sleeper sleeper, Duration interval,
             Duration timeout, Duration unclaimedAfter, NobodyListening nobodyListening, Consumer<String> say) {
        this.read = read;
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
        this.timeout = timeout;
        this.unclaimedAfter = unclaimedAfter;
        this.nobodyListening = nobodyListening;
        this.say = say;
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
                if (record.set().status().isFinal()) {
                    return new Outcome(record, false, elapsed);
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
        String at = String.format("%-7s", Text.elapsed(elapsed));
        for (Release release : set.releases()) {
            record.deployment(release.serviceId()).ifPresent(d -> {
                String line = deploymentLine(d);
                if (!line.equals(servicesSeen.put(d.serviceId(), line))) {
                    say.accept(at + " " + line);
                }
            });
        }
        String line = setLine(set);
        if (!line.equals(setSeen)) {
            setSeen = line;
            say.accept(at + " " + line);
        }
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
        String at = String.format("%-7s", Text.elapsed(elapsed));
        for (int i = 0; i < lines.size(); i++) {
            say.accept((i == 0 ? at : " ".repeat(at.length())) + " " + lines.get(i));
        }
    }

    static String deploymentLine(Deployment d) {
        StringBuilder line = new StringBuilder(d.serviceId()).append(' ').append(d.status());
        if (d.reason() != null) {
            line.append(": ").append(d.reason());
        } else if (d.ecsDeploymentId() != null && !d.status().isFinal()) {
            line.append(": ECS deployment ").append(d.ecsDeploymentId());
        }
        return line.toString();
    }

    static String setLine(ReleaseSet set) {
        String line = "release set " + set.status();
        if (set.statusReason() != null) {
            return line + ": " + set.statusReason();
        }
        return switch (set.status()) {
            case REQUESTED -> line + ": waiting for the deployer";
            case QUEUED -> line + ": waiting for the release set in flight";
            default -> line;
        };
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
                    default -> " not started";
                });
            } else if (!d.get().status().isFinal()) {
                parts.add(release.serviceId() + " " + d.get().status());
            }
        }
        return parts.isEmpty() ? "the set is " + record.set().status() : String.join(", ", parts);
    }

    /** The services that did not end running their release, each with its status and reason. */
    static List<String> failures(SetRecord record) {
        List<String> lines = new ArrayList<>();
        for (Release release : record.set().releases()) {
            Optional<Deployment> d = record.deployment(release.serviceId());
            if (d.isEmpty()) {
                if (record.set().status() != ReleaseSetStatus.REJECTED) {
                    lines.add(release.serviceId() + ": not deployed");
                }
            } else if (!d.get().isSuccess()) {
                lines.add(d.get().serviceId() + " " + d.get().status()
                        + (d.get().reason() == null ? "" : ": " + d.get().reason()));
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
