package dev.harbourmaster.cli.environment;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of hm verify: what ECS runs for one service, compared with the record. Pure, so each
 * rule is tested with made-up observations.
 *
 * <p>Drift is: the service missing from ECS (or INACTIVE) while the record says something runs; a
 * container of the task definition not pinned to the recorded digest (or missing); a running task
 * of the service's PRIMARY deployment reporting another digest; ECS running something the record
 * knows nothing of; a deployment made outside Harbourmaster that no deployment of ours has
 * replaced since. Running tasks that report no digest are not drift (the task definition decides;
 * the emulator never reports one). Containers of the task definition that the release does not
 * name (sidecars) are not Harbourmaster's, and not compared.
 */
final class Verification {

    enum Status {
        /** ECS runs what the record says. */
        OK,
        /** ECS runs something else, or nothing, or the record knows of a change made outside Harbourmaster. */
        DRIFT,
        /** A release set in flight is rolling this service, and ECS runs what that set releases. */
        DEPLOYING,
        /** Neither the record nor ECS has the service here: nothing to compare. */
        ABSENT,
        /** ECS did not answer for this service (the reason is a note): no verdict. */
        UNVERIFIED
    }

    /** How the note on an adopted baseline whose task definition names images by tag begins. */
    static final String ADOPTED_BY_TAG = "adopted baseline";

    /** How the note that no running task reported a digest begins (hm verify prints these together). */
    static final String NO_DIGEST = "no running task reported a digest";

    enum Kind { SERVICE_MISSING, NOT_RECORDED, CONTAINER_MISSING, TASK_DEFINITION_IMAGE, TASK_DIGEST, OUT_OF_BAND }

    /** One thing that differs: what the record says and what ECS says. */
    record Difference(Kind kind, String container, String recorded, String actual, String message) {}

    /**
     * What ECS said about one service.
     *
     * @param service             null when ECS has no such service, or it is INACTIVE
     * @param taskDefinition      the task definition the service runs; null when it could not be read ({@code problem})
     * @param tasks               the tasks of the service's PRIMARY deployment; null when not asked or not answered
     * @param problem             why ECS did not answer about the task definition or the tasks, or null
     */
    record Observed(String cluster, String ecsService, RunningService service, TaskDefinition taskDefinition,
                    List<TaskEvidence> tasks, String problem) {}

    /** The verdict on one service. */
    record Result(String serviceId, String ecsService, Status status, CurrentState row, Observed observed,
                  List<Difference> differences, List<String> notes) {

        Result {
            differences = List.copyOf(differences);
            notes = List.copyOf(notes);
        }

        boolean drift() {
            return status == Status.DRIFT;
        }

        /** The tasks checked: running tasks of the PRIMARY deployment. */
        List<TaskEvidence> runningTasks() {
            return observed.tasks() == null ? List.of() : Verification.running(observed.tasks());
        }
    }

    private Verification() {}

    /**
     * @param row       the service's current-state row in the environment, or null
     * @param inFlight  the release of this service in the release set in flight in the environment, or null
     */
    static Result check(String serviceId, CurrentState row, Release inFlight, Observed observed) {
        CurrentState.Running running = row == null ? null : row.running();
        List<Difference> differences = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Difference outOfBand = outOfBand(row);

        if (observed.service() == null) {
            if (running != null) {
                differences.add(new Difference(Kind.SERVICE_MISSING, null, running.releaseHash(), null,
                        "ECS service " + observed.ecsService() + " is not in cluster " + observed.cluster()
                                + " (missing or INACTIVE); the record says release " + Text.shortHash(running.releaseHash())
                                + " runs there"));
                addIfPresent(differences, outOfBand);
                return new Result(serviceId, observed.ecsService(), Status.DRIFT, row, observed, differences, notes);
            }
            notes.add("no ECS service " + observed.ecsService() + " in cluster " + observed.cluster() + ", and nothing"
                    + " deployed by the record (check the environment's ecsServiceName rule if it should exist)");
            return new Result(serviceId, observed.ecsService(), Status.ABSENT, row, observed, differences, notes);
        }
        if (observed.taskDefinition() == null) {
            notes.add("could not read what ECS runs: " + observed.problem());
            addIfPresent(differences, outOfBand);
            return new Result(serviceId, observed.ecsService(), differences.isEmpty() ? Status.UNVERIFIED : Status.DRIFT,
                    row, observed, differences, notes);
        }

        TaskDefinition definition = observed.taskDefinition();
        List<TaskEvidence> tasks = observed.tasks() == null ? List.of() : running(observed.tasks());
        if (running == null || running.images().isEmpty()) {
            if (inFlight != null && compare(inFlight.images(), definition, tasks).isEmpty()) {
                notes.add(deployingNote(inFlight));
                return new Result(serviceId, observed.ecsService(), Status.DEPLOYING, row, observed, differences, notes);
            }
            differences.add(new Difference(Kind.NOT_RECORDED, null, null, imagesText(definition.imagesByContainer()),
                    "the record has no release running here, but ECS runs task definition " + revision(definition.arn())
                            + " (" + imagesText(definition.imagesByContainer()) + ")"));
            addIfPresent(differences, outOfBand);
            return new Result(serviceId, observed.ecsService(), Status.DRIFT, row, observed, differences, notes);
        }

        // An adopted baseline whose service still runs the revision it was adopted from: that revision's images are
        // as they were then (a revision never changes), named by tag or not; the running tasks' digests still count.
        boolean asAdopted = running.adopted() && running.adoptedFrom().equals(definition.arn());
        List<Difference> compared = asAdopted ? compareTasks(running.images(), tasks)
                : compare(running.images(), definition, tasks);
        if (asAdopted && definition.imagesByContainer().entrySet().stream().anyMatch(e -> running.images().stream()
                .anyMatch(i -> i.container().equals(e.getKey())) && !e.getValue().contains("@"))) {
            notes.add(ADOPTED_BY_TAG + ": task definition " + revision(definition.arn()) + " names its image by tag, as"
                    + " when it was adopted; the record pins the digest found then, and the first deployment pins it");
        }
        if (!compared.isEmpty() && inFlight != null && compare(inFlight.images(), definition, tasks).isEmpty()) {
            notes.add(deployingNote(inFlight));
            return new Result(serviceId, observed.ecsService(), Status.DEPLOYING, row, observed, differences, notes);
        }
        differences.addAll(compared);
        addIfPresent(differences, outOfBand);
        notes.addAll(taskNotes(observed, tasks, running.images()));
        Status status = !differences.isEmpty() ? Status.DRIFT
                : observed.problem() != null ? Status.UNVERIFIED : Status.OK;
        return new Result(serviceId, observed.ecsService(), status, row, observed, differences, notes);
    }

    /** The recorded images against the task definition's and the running tasks' digests. */
    static List<Difference> compare(List<ReleaseImage> recorded, TaskDefinition definition, List<TaskEvidence> tasks) {
        List<Difference> differences = new ArrayList<>();
        Map<String, String> actual = definition.imagesByContainer();
        for (ReleaseImage image : recorded) {
            String runs = actual.get(image.container());
            if (runs == null) {
                differences.add(new Difference(Kind.CONTAINER_MISSING, image.container(), image.digest(), null,
                        "task definition " + revision(definition.arn()) + " has no container '" + image.container()
                                + "' (its containers: " + String.join(", ", actual.keySet()) + ")"));
            } else if (!runs.endsWith("@" + image.digest())) {
                differences.add(new Difference(Kind.TASK_DEFINITION_IMAGE, image.container(), image.digest(), runs,
                        "container " + image.container() + ": the record says " + image.digest()
                                + (image.releaseHash() == null ? "" : " (release " + Text.shortHash(image.releaseHash()) + ")")
                                + ", task definition " + revision(definition.arn()) + " runs " + runs));
            }
        }
        differences.addAll(compareTasks(recorded, tasks));
        return differences;
    }

    /** Per container and digest, how many running tasks report another digest than the record's. */
    static List<Difference> compareTasks(List<ReleaseImage> recorded, List<TaskEvidence> tasks) {
        List<Difference> differences = new ArrayList<>();
        Map<String, Integer> other = new LinkedHashMap<>();
        for (TaskEvidence task : tasks) {
            for (TaskEvidence.ContainerEvidence container : task.containers()) {
                recorded.stream().filter(i -> i.container().equals(container.name())).findFirst().ifPresent(image -> {
                    if (container.imageDigest() != null && !container.imageDigest().equals(image.digest())) {
                        other.merge(container.name() + "\n" + container.imageDigest(), 1, Integer::sum);
                    }
                });
            }
        }
        other.forEach((key, count) -> {
            String container = key.substring(0, key.indexOf('\n'));
            String digest = key.substring(key.indexOf('\n') + 1);
            String expected = recorded.stream().filter(i -> i.container().equals(container)).findFirst().orElseThrow().digest();
            differences.add(new Difference(Kind.TASK_DIGEST, container, expected, digest, count + " of " + tasks.size()
                    + " running task" + (tasks.size() == 1 ? "" : "s") + ": container " + container + " runs " + digest
                    + ", the record says " + expected));
        });
        return differences;
    }

    /** Running (not stopped) tasks: what a service serves now; stopped ones are history. */
    static List<TaskEvidence> running(List<TaskEvidence> tasks) {
        return tasks.stream().filter(t -> !t.stopped() && !"DEACTIVATING".equals(t.lastStatus())
                && !"STOPPING".equals(t.lastStatus()) && !"DEPROVISIONING".equals(t.lastStatus())).toList();
    }

    private static List<String> taskNotes(Observed observed, List<TaskEvidence> tasks, List<ReleaseImage> recorded) {
        List<String> notes = new ArrayList<>();
        if (observed.problem() != null) {
            notes.add("could not list the running tasks: " + observed.problem());
        } else if (observed.service().primaryDeploymentId() == null) {
            notes.add("ECS does not manage this service's deployments (CODE_DEPLOY or EXTERNAL controller): its tasks"
                    + " were not checked, only the task definition");
        } else if (tasks.stream().noneMatch(t -> t.containers().stream().anyMatch(c -> c.imageDigest() != null
                && recorded.stream().anyMatch(i -> i.container().equals(c.name()))))) {
            notes.add(NO_DIGEST + " (" + (tasks.isEmpty() ? "ECS lists no running task of deployment "
                    + observed.service().primaryDeploymentId() : tasks.size() + (tasks.size() == 1 ? " task, none has" : " tasks, none has") + " reported one yet")
                    + "): the task definition decides; this is not drift by itself");
        }
        return notes;
    }

    /**
     * A change made outside Harbourmaster that no deployment of ours has replaced since (the recorder
     * clears the mark when one succeeds after it; older rows are checked by time here).
     */
    static Difference outOfBand(CurrentState row) {
        if (row == null || row.outOfBand() == null) {
            return null;
        }
        CurrentState.OutOfBand change = row.outOfBand();
        Instant since = row.running() == null ? null : row.running().since();
        if (change.at() != null && since != null && !change.at().isAfter(since)) {
            return null;
        }
        return new Difference(Kind.OUT_OF_BAND, null, null, change.ecsDeploymentId(), "changed outside Harbourmaster:"
                + " ECS deployment " + change.ecsDeploymentId() + (change.at() == null ? "" : " at " + Text.format(change.at()))
                + (change.state() == null ? "" : " (" + change.state() + ")") + " was not started by Harbourmaster");
    }

    private static String deployingNote(Release inFlight) {
        return "a release set in flight is deploying release " + Text.shortHash(inFlight.releaseHash())
                + " here and ECS runs it; verify again when the set has ended";
    }

    private static void addIfPresent(List<Difference> differences, Difference difference) {
        if (difference != null) {
            differences.add(difference);
        }
    }

    /** "family:7" from a task definition ARN. */
    static String revision(String taskDefinitionArn) {
        if (taskDefinitionArn == null) {
            return null;
        }
        int slash = taskDefinitionArn.lastIndexOf('/');
        return slash < 0 ? taskDefinitionArn : taskDefinitionArn.substring(slash + 1);
    }

    static String imagesText(Map<String, String> imagesByContainer) {
        List<String> parts = new ArrayList<>();
        imagesByContainer.forEach((container, image) -> parts.add(container + "=" + image));
        return String.join(", ", parts);
    }
}
