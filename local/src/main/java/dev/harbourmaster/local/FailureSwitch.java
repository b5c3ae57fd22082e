package dev.harbourmaster.local;

import dev.harbourmaster.domain.Placement;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;
import software.amazon.awssdk.services.ecs.EcsServiceClientConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

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

    /**
     * The ECS an environment's switch is flipped in: {@code home} for the stack's own account, else a
     * client of the placement's region with its role assumed (on the emulator: acting in the role's
     * account), built from {@code home}'s endpoint and credentials as the functions' ECS is
     * ({@link dev.harbourmaster.ecs.EcsPlatforms}). Close it after use when it is not {@code home}.
     */
    public static EcsClient ecsAt(EcsClient home, SdkHttpClient http, Placement placement) {
        if (placement == null || placement.roleArn() == null && placement.region() == null) {
            return home;
        }
        EcsServiceClientConfiguration configuration = home.serviceClientConfiguration();
        Region region = placement.region() != null ? Region.of(placement.region()) : configuration.region();
        EcsClientBuilder ecs = EcsClient.builder().httpClient(http).region(region);
        configuration.endpointOverride().ifPresent(ecs::endpointOverride);
        if (placement.roleArn() == null) {
            return ecs.credentialsProvider(configuration.credentialsProvider()).build();
        }
        StsClientBuilder sts = StsClient.builder().httpClient(http).region(region)
                .credentialsProvider(configuration.credentialsProvider());
        configuration.endpointOverride().ifPresent(sts::endpointOverride);
        return ecs.credentialsProvider(StsAssumeRoleCredentialsProvider.builder().stsClient(sts.build())
                .refreshRequest(r -> r.roleArn(placement.roleArn()).roleSessionName(LocalClients.SESSION_NAME)).build()).build();
    }

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
