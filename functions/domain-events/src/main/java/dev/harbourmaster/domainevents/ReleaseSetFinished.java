package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.support.StoredText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The detail of a "Release Set Finished" event: the set, who asked and why, how it ended, and each
 * service's release and outcome (a service with no deployment, e.g. in a REJECTED set, has no
 * outcome). Fields that are unknown are left out; reason and description are cut to
 * {@link StoredText#TEXT} bytes (as stored), each service's reason to {@link #SERVICE_REASON_BYTES}, so
 * that an event stays far below EventBridge's 256 KB per entry whatever a person or ECS wrote.
 *
 * @param reason         the set's status reason
 * @param requestedByArn the AWS identity that requested the set, as STS told hm (absent: auto-deploy, or not recorded)
 * @param summary        the free text of a notification, always present: each service with its release hash, outcome
 *                       and reason, then who asked and why (and the set's reason when no service was deployed). An
 *                       EventBridge input transformer cannot iterate over {@code services}, nor safely put free text
 *                       inside a string of its template, so the stack's notification rules place this one JSON
 *                       string whole (template.yaml, Notification*; docs/observability.md, "Notifications")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseSetFinished(String project, String environment, String serviceSet, String releaseSet,
                                 String kind, String outcome, String previousOutcome, String reason,
                                 String requestedBy, String description, String requestedAt,
                                 List<ServiceOutcome> services, String requestedByArn, String summary) {

    public static final String DETAIL_TYPE = "Release Set Finished";
    /** Bytes kept of each service's reason: a set's event carries one per service. */
    static final int SERVICE_REASON_BYTES = 1024;
    /** Bytes kept of the summary: it must fit a Slack section's 3000 characters. */
    static final int SUMMARY_BYTES = 2800;
    /** Bytes kept of each reason within the summary, so that a long one leaves room for the other services. */
    static final int SUMMARY_REASON_BYTES = 300;

    /** One service of the set: the release it was to run and how its deployment ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceOutcome(String service, String releaseHash, String outcome, String reason) {}

    /** Public for local mode's tests, which render the stack's notifications from real details. */
    public static ReleaseSetFinished of(ReleaseSet set, String previousOutcome, List<Deployment> deployments) {
        Map<String, Deployment> byService = new LinkedHashMap<>();
        deployments.forEach(d -> byService.put(d.serviceId(), d));
        List<ServiceOutcome> services = new ArrayList<>();
        for (Release release : set.releases()) {
            Deployment d = byService.remove(release.serviceId());
            services.add(new ServiceOutcome(release.serviceId(), release.releaseHash(),
                    d == null ? null : d.status().name(), d == null ? null : StoredText.clip(d.reason(), SERVICE_REASON_BYTES)));
        }
        // A deployment of a service the set does not name (not written by Harbourmaster): shown, not hidden.
        byService.values().forEach(d -> services.add(new ServiceOutcome(d.serviceId(), d.releaseHash(),
                d.status().name(), StoredText.clip(d.reason(), SERVICE_REASON_BYTES))));
        return new ReleaseSetFinished(set.projectId(), set.environmentId(), set.serviceSetId(), set.id(),
                set.kind().name(), set.status().name(), previousOutcome, StoredText.text(set.statusReason()),
                set.requestedBy(), StoredText.text(set.description()), DeploymentFinished.time(set.requestedAt()), services,
                set.requestedByArn(), summary(services, set.requestedBy(), set.description(), set.statusReason()));
    }

    /** One line per service ("ingestor 3f9c2ab FAILED: why"), then who asked and why; cut to {@link #SUMMARY_BYTES}. */
    static String summary(List<ServiceOutcome> services, String requestedBy, String description, String reason) {
        StringBuilder text = new StringBuilder();
        for (ServiceOutcome s : services) {
            text.append(s.service()).append(' ').append(s.releaseHash()).append(' ')
                    .append(s.outcome() == null ? "not deployed" : s.outcome());
            if (s.reason() != null && !s.reason().isBlank()) {
                text.append(": ").append(StoredText.clip(s.reason().strip(), SUMMARY_REASON_BYTES));
            }
            text.append('\n');
        }
        if (reason != null && !reason.isBlank() && services.stream().allMatch(s -> s.outcome() == null)) {
            text.append("Reason: ").append(StoredText.clip(reason.strip(), SUMMARY_REASON_BYTES)).append('\n');
        }
        text.append("Requested by ").append(requestedBy == null ? "(unknown)" : requestedBy);
        if (description != null && !description.isBlank()) {
            text.append(": ").append(StoredText.clip(description.strip(), SUMMARY_REASON_BYTES));
        }
        return StoredText.clip(text.toString(), SUMMARY_BYTES);
    }

    /** The same detail without the services' reasons: what is sent when the whole would be too large. */
    ReleaseSetFinished withoutServiceReasons() {
        return new ReleaseSetFinished(project, environment, serviceSet, releaseSet, kind, outcome, previousOutcome,
                reason, requestedBy, description, requestedAt,
                services.stream().map(s -> new ServiceOutcome(s.service(), s.releaseHash(), s.outcome(), null)).toList(),
                requestedByArn, summary);
    }

    /** The same detail without its services: what is sent when even that would be too large. */
    ReleaseSetFinished withoutServices() {
        return new ReleaseSetFinished(project, environment, serviceSet, releaseSet, kind, outcome, previousOutcome,
                reason, requestedBy, description, requestedAt, null, requestedByArn, summary);
    }

    String serviceIds() {
        return services.stream().map(ServiceOutcome::service).collect(Collectors.joining(","));
    }

    boolean succeeded() {
        return ReleaseSetStatus.SUCCEEDED.name().equals(outcome);
    }
}
