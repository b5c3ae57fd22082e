package dev.harbourmaster.local;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Makes a service's next deployments fail in local mode: a tag on the ECS service itself
 * ({@value #TAG} = true), which the ECS simulator reads when it sees a new deployment. Being a
 * tag, any AWS client can flip it, e.g.
 * {@code aws ecs tag-resource --resource-arn ARN --tags key=harbourmaster:local-fail,value=true}.
 * Its sibling {@value #ALARM_TAG} = an alarm name makes that CloudWatch alarm go off during the
 * service's next deployments (when its deployment alarms watch it, with rollback).
 */
public final class FailureSwitch {

    public static final String TAG = "harbourmaster:local-fail";
    public static final String ALARM_TAG = "harbourmaster:local-alarm";

    /** What the switches of a service say when its deployment starts. */
    record Switches(boolean failing, String alarm) {
        static final Switches OFF = new Switches(false, null);
    }

    private FailureSwitch() {}

    /** The service's ARN, if it exists (and is not deleted) in the cluster. */
    public static Optional<String> serviceArn(EcsClient ecs, String cluster, String serviceName) {
        return ecs.describeServices(b -> b.cluster(cluster).services(serviceName)).services().stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .map(Service::serviceArn).findFirst();
    }

    public static boolean isOn(EcsClient ecs, String serviceArn) {
        return switches(ecs, serviceArn).failing();
    }

    static Switches switches(EcsClient ecs, String serviceArn) {
        List<Tag> tags = ecs.listTagsForResource(b -> b.resourceArn(serviceArn)).tags();
        boolean failing = tags.stream().anyMatch(t -> TAG.equals(t.key()) && "true".equalsIgnoreCase(t.value()));
        String alarm = tags.stream().filter(t -> ALARM_TAG.equals(t.key()) && !t.value().isBlank()).map(Tag::value)
                .findFirst().orElse(null);
        return new Switches(failing, alarm);
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
