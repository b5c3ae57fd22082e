package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One task started by a deployment, as last seen: its state, the digest each container runs, and
 * when it stopped, why (stop code, reason, exit codes). {@code version} is ECS's own counter of the
 * task's changes, so the newer news wins whatever the order of arrival.
 */
public record TaskEvidence(String taskArn, long version, String lastStatus, String taskDefinitionArn,
                           List<ContainerEvidence> containers, String stoppedReason, String stopCode,
                           Instant startedAt, Instant stoppedAt) {

    private static final List<String> STATUS_ORDER = List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING",
            "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED", "DELETED");

    /** As many as a task definition may have. */
    public static final int MAX_CONTAINERS = 10;

    public TaskEvidence {
        containers = containers == null ? List.of() : containers.stream().limit(MAX_CONTAINERS).toList();
        stoppedReason = StoredText.evidence(stoppedReason);
    }

    /**
     * One container: the digest it runs (null until pulled) and, when it stopped, its exit code and reason.
     * The exit code is a long: a Windows status code such as 3221225477 (0xC0000005) does not fit an int.
     */
    public record ContainerEvidence(String name, String imageDigest, Long exitCode, String reason) {

        public ContainerEvidence {
            reason = StoredText.evidence(reason);
        }
    }

    /** The same sighting of the task with these containers. */
    public TaskEvidence withContainers(List<ContainerEvidence> others) {
        return new TaskEvidence(taskArn, version, lastStatus, taskDefinitionArn, others, stoppedReason, stopCode, startedAt,
                stoppedAt);
    }

    /** The task ran (or runs): the digests it reports were really running. */
    public boolean ran() {
        return startedAt != null || "RUNNING".equals(lastStatus);
    }

    public boolean stopped() {
        return "STOPPED".equals(lastStatus);
    }

    /**
     * The newer of two sightings of one task; a digest the newer one lacks (a stopped task may not
     * repeat it) is taken from the older. Commutative and associative, so arrival order is irrelevant.
     */
    static TaskEvidence merge(TaskEvidence a, TaskEvidence b) {
        TaskEvidence newer = NEWER_FIRST.compare(a, b) <= 0 ? a : b;
        TaskEvidence older = newer == a ? b : a;
        List<ContainerEvidence> containers = new ArrayList<>();
        for (ContainerEvidence c : newer.containers) {
            String digest = c.imageDigest() != null ? c.imageDigest() : older.containers.stream()
                    .filter(o -> o.name() != null && o.name().equals(c.name()) && o.imageDigest() != null)
                    .map(ContainerEvidence::imageDigest).findFirst().orElse(null);
            containers.add(new ContainerEvidence(c.name(), digest, c.exitCode(), c.reason()));
        }
        Instant startedAt = newer.startedAt != null ? newer.startedAt : older.startedAt;
        return new TaskEvidence(newer.taskArn, newer.version, newer.lastStatus, newer.taskDefinitionArn, containers,
                newer.stoppedReason, newer.stopCode, startedAt, newer.stoppedAt);
    }

    /** Higher version first, then the later status, then text: a total order, so merges are deterministic. */
    private static final Comparator<TaskEvidence> NEWER_FIRST = Comparator
            .comparingLong(TaskEvidence::version).reversed()
            .thenComparing(t -> -STATUS_ORDER.indexOf(t.lastStatus))
            .thenComparing(TaskEvidence::toString);
}
