package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a deployment did not end running its release, in a few words and cause first: "exit code 1
 * (EssentialContainerExited)", "CannotPullContainerError (TaskFailedToStart)". Short enough for a
 * table cell to show it whole; the deployment's reason keeps everything, ids included.
 */
public final class FailureCause {

    /** At most this many characters: a cell shows the cause whole. */
    public static final int MAX = 100;

    /** A head of ECS text longer than this is cut at a word. */
    private static final int HEAD = 60;

    private FailureCause() {}

    /** Null for a deployment that runs its release, or is still under way. */
    public static String of(Deployment d) {
        return of(d.status(), d.reason(), d.evidence(), d.images().size(), d.startedAt());
    }

    /**
     * @param containers how many containers the release has: with more than one, the cause names the container
     * @param startedAt  when the deployment started: a FAILED report dated before it is not this deployment's failure
     */
    static String of(DeploymentStatus status, String reason, DeploymentEvidence evidence, int containers, Instant startedAt) {
        if (status == null || !status.isFailure()) {
            return null;
        }
        String cause = fromTasks(evidence.tasks(), containers > 1)
                .or(() -> status == DeploymentStatus.DIGEST_MISMATCH
                        ? Optional.of("a task ran another digest than the release's") : Optional.empty())
                .or(() -> Optional.ofNullable(evidence.report(EcsReport.FAILED, startedAt)).map(EcsReport::reason))
                .or(() -> evidence.notices().stream().filter(n -> !"INFO".equals(n.eventType())).findFirst()
                        .map(n -> n.eventName() + (n.reasons().isEmpty() ? "" : ": " + n.reasons().get(0))))
                .orElse(reason);
        return cause == null ? null : bounded(cause.strip());
    }

    /**
     * The first stopped task that says why: a container's exit code (with its reason, such as
     * OutOfMemoryError), else the task's own stopped reason; with the stop code after it.
     */
    private static Optional<String> fromTasks(List<TaskEvidence> tasks, boolean nameContainers) {
        for (TaskEvidence task : tasks) {
            if (!task.stopped()) {
                continue;
            }
            String stopCode = task.stopCode() == null ? "" : " (" + task.stopCode() + ")";
            for (TaskEvidence.ContainerEvidence c : task.containers()) {
                if (c.exitCode() != null && c.exitCode() != 0) {
                    return Optional.of((nameContainers ? c.name() + " " : "") + "exit code " + c.exitCode()
                            + (saysMore(c.reason()) ? " " + head(c.reason()) : "") + stopCode);
                }
            }
            if (task.stoppedReason() != null) {
                return Optional.of(head(task.stoppedReason()) + stopCode);
            }
        }
        return Optional.empty();
    }

    /** A container's reason beside its exit code: "OutOfMemoryError: …" does, "exited with 1" does not. */
    private static boolean saysMore(String reason) {
        return reason != null && !reason.toLowerCase(Locale.ROOT).contains("exit");
    }

    /** "CannotPullContainerError: pull image manifest has been retried…" → "CannotPullContainerError". */
    static String head(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        int colon = line.indexOf(": ");
        String head = colon > 0 ? line.substring(0, colon) : line;
        return cutAtWord(head, HEAD);
    }

    private static String bounded(String text) {
        return cutAtWord(text.replaceAll("\\s+", " "), MAX);
    }

    private static String cutAtWord(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max - 1);
        return text.substring(0, space > max / 2 ? space : max - 1) + "…";
    }
}
