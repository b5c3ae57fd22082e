package dev.harbourmaster.ecs;

import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.support.AwsClients;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;
import software.amazon.awssdk.services.ecs.EcsServiceClientConfiguration;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * ECS in the stack's own account and region with the function's own credentials, and in any other
 * placement with a client of its own: that region, and the placement's role assumed through STS.
 * Each client is made the first time its placement is asked for and kept; the role's credentials
 * are cached by the SDK's {@link StsAssumeRoleCredentialsProvider} and refreshed before they
 * expire, so steady work makes one AssumeRole an hour per role, not one per event.
 */
public final class EcsPlatforms implements ContainerPlatforms {

    /** How long assumed credentials last (STS's default; a role's MaxSessionDuration may allow more). */
    static final int SESSION_SECONDS = 3600;

    private final ContainerPlatform home;
    private final EcsClient homeClient;
    private final EcsServiceClientConfiguration homeConfiguration;
    private final SdkHttpClient http;
    private final String sessionName;
    private final String externalId;
    private final Map<Placement, ContainerPlatform> elsewhere = new ConcurrentHashMap<>();

    /** With the ExternalId of HM_WORKLOAD_EXTERNAL_ID, when set (the hub template's WorkloadExternalId). */
    public EcsPlatforms(EcsClient home, SdkHttpClient http, String sessionName) {
        this(home, http, sessionName, System.getenv("HM_WORKLOAD_EXTERNAL_ID"));
    }

    /**
     * @param home        the stack's own ECS
     * @param http        the HTTP client the other placements' clients share
     * @param sessionName what CloudTrail shows in the workload account (the function's name: harbourmaster-deployer)
     * @param externalId  sent with every AssumeRole when not blank: the spoke's trust policy may require it (sts:ExternalId)
     */
    public EcsPlatforms(EcsClient home, SdkHttpClient http, String sessionName, String externalId) {
        this.home = new EcsContainerPlatform(home);
        this.homeClient = home;
        this.homeConfiguration = home.serviceClientConfiguration();
        this.http = http;
        this.sessionName = sessionName;
        this.externalId = externalId == null || externalId.isBlank() ? null : externalId.strip();
    }

    @Override
    public ContainerPlatform at(Placement placement) {
        if (placement == null || placement.isHome()) {
            return home;
        }
        return elsewhere.computeIfAbsent(placement, this::platformAt);
    }

    /**
     * Like the home client in all but region and credentials: the same endpoint when it has one (an
     * emulator: another account's ECS is never the real one by accident), the same credentials to
     * assume the role with.
     */
    private ContainerPlatform platformAt(Placement placement) {
        return new EcsContainerPlatform(clientAt(placement));
    }

    /** An ECS client of that place: the home one for the stack's own, else one built as {@link #platformAt} says. */
    public EcsClient clientAt(Placement placement) {
        if (placement == null || placement.isHome()) {
            return homeClient;
        }
        Region region = placement.region() != null ? Region.of(placement.region()) : homeConfiguration.region();
        EcsClientBuilder ecs = EcsClient.builder().httpClient(http).region(region)
                .overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries()));
        homeConfiguration.endpointOverride().ifPresent(ecs::endpointOverride);
        ecs.credentialsProvider(placement.roleArn() == null ? homeConfiguration.credentialsProvider()
                : new AssumedRole(assumeRole(placement, region), placement.roleArn(), sessionName));
        return ecs.build();
    }

    private StsAssumeRoleCredentialsProvider assumeRole(Placement placement, Region region) {
        StsClientBuilder sts = StsClient.builder().httpClient(http).region(region)
                .credentialsProvider(homeConfiguration.credentialsProvider());
        homeConfiguration.endpointOverride().ifPresent(sts::endpointOverride);
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts.build())
                .refreshRequest(r -> r.roleArn(placement.roleArn()).roleSessionName(sessionName).durationSeconds(SESSION_SECONDS)
                        .externalId(externalId))
                .build();
    }
}
