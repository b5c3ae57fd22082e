package dev.harbourmaster.local;

import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.support.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The SDK clients of one local mode, every one pointed at the emulator explicitly (endpoint, region,
 * test credentials), so local mode never depends on the environment of the process that runs it.
 * The same small HTTP client as the functions use ({@link AwsClients}), ECS with their patient
 * retries, and stream reads with a timeout of their own. An environment in another account or region
 * has its ECS and EventBridge clients of its own ({@link #at}), reached as the functions reach it.
 */
final class LocalClients implements AutoCloseable {

    static final String TEST_ACCESS_KEY = "testing";
    static final String TEST_SECRET_KEY = "testing";
    /** What CloudTrail (on AWS) would show in a workload account for local mode's own calls there. */
    static final String SESSION_NAME = "harbourmaster-local";

    private final SdkHttpClient http = AwsClients.httpClient();
    final URI endpoint;
    final Region region;
    final DynamoDbClient dynamo;
    final DynamoDbStreamsClient streams;
    final EcrClient ecr;
    final EcsClient ecs;
    final EventBridgeClient events;
    final SqsClient sqs;
    /** The GitHub deployments' token (when they run locally). */
    final SecretsManagerClient secrets;
    private final AwsCredentialsProvider credentials;
    private final Map<Placement, Place> places = new ConcurrentHashMap<>();
    private final List<AutoCloseable> assumedRoles = new CopyOnWriteArrayList<>();

    /**
     * Where one environment's ECS is, and local mode's clients there: its ECS (clusters, services,
     * the simulator's reads) and its EventBridge (the default bus ECS publishes on there).
     *
     * @param placement the environment's placement normalized ({@link Placement#HOME}: the stack's own)
     * @param account   the account it is in (the stack's own when the placement names none)
     * @param region    the region it is in
     */
    record Place(Placement placement, String account, String region, EcsClient ecs, EventBridgeClient events) {

        boolean isHome() {
            return placement.account() == null;
        }

        /** "account 210987654321, region eu-west-1", as the narration says it. */
        String describe() {
            return "account " + account + ", region " + region;
        }

        @Override
        public String toString() {
            return account + ":" + region;
        }
    }

    /**
     * @param streamCallTimeout how long a stream call may take, its retries included, before it is
     *                          given up on (the HTTP client alone would wait 30 s an attempt, and
     *                          DynamoDB's retries make that minutes); the reader then takes a fresh iterator
     */
    LocalClients(URI endpoint, Region region, Duration streamCallTimeout) {
        this.endpoint = endpoint;
        this.region = region;
        credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_ACCESS_KEY, TEST_SECRET_KEY));
        dynamo = DynamoDbClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        streams = DynamoDbStreamsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(streamCallTimeout.dividedBy(3)).apiCallTimeout(streamCallTimeout))
                .build();
        ecr = EcrClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        ecs = EcsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries())).build();
        events = EventBridgeClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        sqs = SqsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        secrets = SecretsManagerClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
    }

    /**
     * The clients of the place a normalized placement names: the stack's own clients at home;
     * elsewhere ECS and EventBridge in that region, with the placement's role assumed through STS on
     * the emulator, as {@link dev.harbourmaster.ecs.EcsPlatforms} does for the functions (the same
     * endpoint, the role's credentials acting in the role's account: moto keeps each account apart),
     * or with local mode's own credentials where the placement names no role (the functions do the same).
     *
     * @param homeAccount the stack's own account, where a placement without an account is
     */
    Place at(Placement placement, String homeAccount) {
        if (placement.isHome() || placement.account() == null && placement.region() == null) {
            return places.computeIfAbsent(Placement.HOME, p -> new Place(Placement.HOME, homeAccount, region.id(), ecs, events));
        }
        return places.computeIfAbsent(placement, p -> {
            Region where = p.region() != null ? Region.of(p.region()) : region;
            AwsCredentialsProvider acting = p.roleArn() == null ? credentials : assumed(p.roleArn(), where);
            EcsClient placeEcs = EcsClient.builder().httpClient(http).endpointOverride(endpoint).region(where)
                    .credentialsProvider(acting).overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries())).build();
            EventBridgeClient placeEvents = EventBridgeClient.builder().httpClient(http).endpointOverride(endpoint)
                    .region(where).credentialsProvider(acting).build();
            return new Place(p, p.account() != null ? p.account() : homeAccount, where.id(), placeEcs, placeEvents);
        });
    }

    private AwsCredentialsProvider assumed(String roleArn, Region where) {
        StsClient sts = StsClient.builder().httpClient(http).endpointOverride(endpoint).region(where)
                .credentialsProvider(credentials).build();
        StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(SESSION_NAME)).build();
        assumedRoles.add(role);
        assumedRoles.add(sts);
        return role;
    }

    @Override
    public void close() {
        places.values().stream().filter(p -> !p.isHome()).forEach(p -> {
            p.ecs().close();
            p.events().close();
        });
        for (AutoCloseable closeable : assumedRoles) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing only
            }
        }
        dynamo.close();
        streams.close();
        ecr.close();
        ecs.close();
        events.close();
        sqs.close();
        secrets.close();
        http.close();
    }
}
