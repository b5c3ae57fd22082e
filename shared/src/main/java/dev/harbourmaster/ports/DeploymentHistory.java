package dev.harbourmaster.ports;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What readers (hm status, history, show; the dashboard) ask of the record: what runs where, the
 * release sets of a project newest first, and one release set with its deployments.
 */
public interface DeploymentHistory {

    /** How many of an environment's newest release sets {@link #waiting} reads: sets that wait sit at the top. */
    int WAITING_LOOKBACK = 20;

    /**
     * A registered project and everything its partition says of its environments: every current-state
     * row (rows exist only where something was deployed), each environment's gate (lock, release set
     * in flight) and its last verification.
     *
     * @param gates         by environment id; environments with neither lock nor set in flight may be absent
     * @param verifications by environment id; only environments hm verify has checked
     */
    record ProjectState(Project project, List<CurrentState> rows, Map<String, ReleaseSets.Gate> gates,
                        Map<String, EnvironmentVerification> verifications) {

        public ProjectState {
            rows = List.copyOf(rows);
            gates = Map.copyOf(gates);
            verifications = Map.copyOf(verifications);
        }

        public ProjectState(Project project, List<CurrentState> rows) {
            this(project, rows, Map.of(), Map.of());
        }

        /** The environment's gate as read with the project (not a consistent read: for showing, not for deciding). */
        public ReleaseSets.Gate gate(String environmentId) {
            return gates.getOrDefault(environmentId, ReleaseSets.Gate.OPEN);
        }

        public Optional<EnvironmentVerification> verification(String environmentId) {
            return Optional.ofNullable(verifications.get(environmentId));
        }

        public Optional<CurrentState> row(String environmentId, String serviceId) {
            return rows.stream()
                    .filter(r -> environmentId.equals(r.environmentId()) && serviceId.equals(r.serviceId()))
                    .findFirst();
        }
    }

    /**
     * Which release sets to list.
     *
     * @param environmentId null: every environment of the project
     * @param serviceId     null: every set; otherwise only the sets that release this service
     * @param since         null: from the first; otherwise sets made at or after this time
     * @param limit         at most this many sets (at least 1)
     * @param pageToken     null: the newest first; otherwise the {@link HistoryPage#nextPageToken} of the previous page
     * @param status        null: any; otherwise only sets with this status
     * @param requestedBy   null: anyone; otherwise only sets whose requester contains this text (case matters)
     * @param until         null: up to now; otherwise sets made before this time
     */
    record HistoryQuery(String projectId, String environmentId, String serviceId, Instant since, int limit,
                        String pageToken, ReleaseSetStatus status, String requestedBy, Instant until) {

        /** since and until lie in these years: set ids (ULIDs) count milliseconds from 1970, and end in 10889. */
        public static final Instant EARLIEST = Instant.EPOCH;
        public static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");
        public static final String RANGE = "from 1970-01-01 to 9999-12-31";

        public HistoryQuery {
            if (projectId == null || projectId.isBlank()) {
                throw new IllegalArgumentException("a history query needs a project");
            }
            if (!inRange(since) || !inRange(until)) {
                throw new IllegalArgumentException("since and until must be " + RANGE + ", not " + since + " and " + until);
            }
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, not " + limit);
            }
            requestedBy = requestedBy == null || requestedBy.isBlank() ? null : requestedBy;
        }

        public HistoryQuery(String projectId, String environmentId, String serviceId, Instant since, int limit,
                            String pageToken) {
            this(projectId, environmentId, serviceId, since, limit, pageToken, null, null, null);
        }

        /** Null (no bound) or a time {@link #RANGE}. */
        public static boolean inRange(Instant at) {
            return at == null || !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
        }

        /** Whether a filter beyond environment and time applies (DynamoDB filters after reading). */
        public boolean filtered() {
            return serviceId != null || status != null || requestedBy != null;
        }

        public boolean matches(ReleaseSet set) {
            return (serviceId == null || set.serviceIds().contains(serviceId))
                    && (status == null || set.status() == status)
                    && (requestedBy == null || contains(set.requestedBy(), requestedBy) || contains(set.requestedByArn(), requestedBy));
        }

        private static boolean contains(String text, String part) {
            return text != null && text.contains(part);
        }
    }

    /**
     * Release sets, newest first. The page token is the id (a ULID, so time-ordered) of the last set
     * shown: the next page is "older than it" with the same filters, so pages neither repeat nor skip
     * a set, whatever is filtered out and whatever is added meanwhile (new sets sort above page one).
     *
     * @param nextPageToken null when no further set matches
     */
    record HistoryPage(List<ReleaseSet> releaseSets, String nextPageToken) {

        public HistoryPage {
            releaseSets = List.copyOf(releaseSets);
        }
    }

    /** A release set and the deployments made from it (one per service the deployer has claimed). */
    record ReleaseSetDetail(ReleaseSet set, List<Deployment> deployments) {

        public ReleaseSetDetail {
            deployments = List.copyOf(deployments);
        }

        public Optional<Deployment> deployment(String serviceId) {
            return deployments.stream().filter(d -> d.serviceId().equals(serviceId)).findFirst();
        }
    }

    /**
     * Access pattern 5: the project (catalogue) and its current-state rows, from one Query of the
     * project's partition (more only if it exceeds a 1 MB page). Empty when the project is not registered.
     */
    Optional<ProjectState> projectState(String projectId);

    /**
     * The project's state for a change to one environment: as {@link #projectState}, with that environment's
     * lock read at the same time as the project's partition (a round trip sooner), and the other
     * environments' gates left out (they read as open).
     */
    Optional<ProjectState> projectStateFor(String projectId, String environmentId);

    /**
     * Access pattern 4, across environments and filtered: with {@code environmentId} null the
     * project's environments are read first (one Query of its environment items).
     */
    HistoryPage history(HistoryQuery query);

    /**
     * The same, over environments the caller already knows (for instance from the project it read
     * to check the names): no Query for the environment list. Each environment takes one Query of its
     * release sets, more when a service filter skips many (DynamoDB applies Limit before the filter).
     */
    HistoryPage history(HistoryQuery query, List<String> environmentIds);

    /**
     * The release sets that wait in each of these environments, oldest first: QUEUED (an automatic set
     * behind the set in flight), AWAITING_APPROVAL (held until someone approves it) or REQUESTED (no
     * deployer has claimed it yet), among the environment's
     * newest {@link #WAITING_LOOKBACK} sets. Access pattern 4 with a FilterExpression on status: one
     * Query per environment, asked together.
     */
    Map<String, List<ReleaseSet>> waiting(String projectId, List<String> environmentIds);

    /** Access patterns 4 and 7: a release set and its deployments, in one Query. */
    Optional<ReleaseSetDetail> releaseSet(String releaseSetId);

    /**
     * The newest successful deployment of the same ECS service before this one: what ran before it,
     * so a page can show the commit range a deployment brought. One Query of the ECS service's
     * deployments (GSI1), newest first, reading at most a page of recent failures.
     */
    Optional<Deployment> previousSuccess(Deployment deployment);
}
