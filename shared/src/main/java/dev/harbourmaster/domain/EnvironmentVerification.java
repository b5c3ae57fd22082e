package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last {@code hm verify} of an environment: when, by whom, and each service's verdict. Kept so
 * that hm status and the dashboard can mark drift without asking ECS themselves.
 *
 * @param checkedBy    who ran hm verify, as shown (HM_ACTOR or their AWS identity, with the CI run)
 * @param services     one verdict per service verified, in the order hm verify printed them
 * @param checkedByArn the AWS identity that ran it, as STS told hm; null in verdicts written before it was recorded
 */
public record EnvironmentVerification(String projectId, String environmentId, Instant checkedAt, String checkedBy,
                                      List<ServiceVerdict> services, String checkedByArn) {

    public EnvironmentVerification(String projectId, String environmentId, Instant checkedAt, String checkedBy,
                                   List<ServiceVerdict> services) {
        this(projectId, environmentId, checkedAt, checkedBy, services, null);
    }

    /** The verdicts that say "ECS does not run what the record says". */
    public static final String DRIFT = "DRIFT";

    /**
     * @param status  OK, DRIFT, DEPLOYING, ABSENT or UNVERIFIED (hm verify's words)
     * @param summary one line: what differs, or why there is no verdict; null when OK
     */
    public record ServiceVerdict(String serviceId, String status, String summary) {

        public ServiceVerdict {
            summary = StoredText.text(summary);
        }

        public boolean drift() {
            return DRIFT.equals(status);
        }
    }

    public EnvironmentVerification {
        services = List.copyOf(services);
        checkedBy = StoredText.text(checkedBy);
    }

    public Optional<ServiceVerdict> service(String serviceId) {
        return services.stream().filter(s -> s.serviceId().equals(serviceId)).findFirst();
    }

    public long driftCount() {
        return services.stream().filter(ServiceVerdict::drift).count();
    }
}
