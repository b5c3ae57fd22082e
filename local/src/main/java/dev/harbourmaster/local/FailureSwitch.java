package dev.harbourmaster.local;

import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Makes a service's next deployments fail in local mode: a tag on the ECS service itself
 * ({@value #TAG} = true), which the ECS simulator reads when it sees a new deployment. Being a
 * tag, any AWS client can flip it, e.g.
 * {@code aws ecs tag-resource --resource-arn ARN --tags key=harbourmaster:local-fail,value=true}.
 */
public final class FailureSwitch {

    public static final String TAG = "harbourmaster:local-fail";

    private FailureSwitch() {}

    /** The service's ARN, if it exists (and is not deleted) in the cluster. */
    public static Optional<String> serviceArn(EcsClient ecs, String cluster, String serviceName) {
        return ecs.describeServices(b -> b.cluster(cluster).services(serviceName)).services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .map(Service::serviceArn).findFirst();
    }

    public static boolean isOn(EcsClient ecs, String serviceArn) {
        return ecs.listTagsForResource(b -> b.resourceArn(serviceArn)).tags().stream()
                .anyMatch(t -> TAG.equals(t.key()) && "true".equalsIgnoreCase(t.value()));
    }

    /** Turns the switch on (tags the service) or off (removes the tag). */
    public static void set(EcsClient ecs, String serviceArn, boolean on) {
        if (on) {
            ecs.tagResource(b -> b.resourceArn(serviceArn).tags(Tag.builder().key(TAG).value("true").build()));
        } else {
            ecs.untagResource(b -> b.resourceArn(serviceArn).tagKeys(TAG));
        }
    }
}
