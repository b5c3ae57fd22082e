package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What ECS's service deployments API (DescribeServiceDeployments) said of a deployment: its status
 * and why, its lifecycle stage, what started a rollback, and the monitors that can start one. Of two
 * reports of one deployment the further status wins, whatever order they arrive in.
 *
 * @param status       PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS,
 *                     SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED
 * @param alarmsStatus the alarms' monitor: TRIGGERED, MONITORING, MONITORING_COMPLETE or DISABLED
 */
public record ServiceDeploymentReport(String arn, String status, String statusReason, String lifecycleStage,
                                      Instant updatedAt, Instant finishedAt, String rollbackReason, Instant rollbackStartedAt,
                                      String alarmsStatus, List<String> triggeredAlarms, String circuitBreakerStatus,
                                      Integer failureCount, Integer threshold) {

    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String SUCCESSFUL = "SUCCESSFUL";
    public static final String STOPPED = "STOPPED";
    public static final String STOP_REQUESTED = "STOP_REQUESTED";
    public static final String ROLLBACK_REQUESTED = "ROLLBACK_REQUESTED";
    public static final String ROLLBACK_IN_PROGRESS = "ROLLBACK_IN_PROGRESS";
    public static final String ROLLBACK_SUCCESSFUL = "ROLLBACK_SUCCESSFUL";
    public static final String ROLLBACK_FAILED = "ROLLBACK_FAILED";
    public static final String TRIGGERED = "TRIGGERED";

    /** The further status, then the later, then by status; the same status at the same time told differently: any fixed choice. */
    private static final Comparator<ServiceDeploymentReport> FURTHER_THEN_LATER = Comparator
            .comparingInt((ServiceDeploymentReport r) -> rank(r.status))
            .thenComparing(ServiceDeploymentReport::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ServiceDeploymentReport::status, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ServiceDeploymentReport::toString);

    public ServiceDeploymentReport {
        statusReason = StoredText.evidence(statusReason);
        rollbackReason = StoredText.evidence(rollbackReason);
        triggeredAlarms = triggeredAlarms == null ? List.of() : triggeredAlarms.stream().limit(10).map(StoredText::evidence).toList();
    }

    /** ECS is rolling back, or has, or tried and failed. */
    public boolean rollingBack() {
        return status != null && status.startsWith("ROLLBACK_");
    }

    /** SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED: ECS is done with it. */
    public boolean ended() {
        return rank(status) == 4;
    }

    public boolean alarmsTriggered() {
        return TRIGGERED.equals(alarmsStatus) || !triggeredAlarms.isEmpty();
    }

    public boolean circuitBreakerTriggered() {
        return TRIGGERED.equals(circuitBreakerStatus);
    }

    /** Two reports of the same deployment, in either order: the further status, then the later, then by name. */
    static ServiceDeploymentReport merge(ServiceDeploymentReport a, ServiceDeploymentReport b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return FURTHER_THEN_LATER.compare(a, b) >= 0 ? a : b;
    }

    private static int rank(String status) {
        return status == null ? -1 : switch (status) {
            case "PENDING" -> 0;
            case IN_PROGRESS -> 1;
            case STOP_REQUESTED, ROLLBACK_REQUESTED -> 2;
            case ROLLBACK_IN_PROGRESS -> 3;
            case SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED -> 4;
            default -> -1;
        };
    }
}
