package dev.harbourmaster.cli;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeliveryRecords;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.DynamoDbVerifications;
import dev.harbourmaster.ecs.EcsPlatforms;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.Verifications;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.StackHome;
import dev.harbourmaster.support.TlsWhenNeededHttpClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS clients of one hm run, made on first use (so --help and validation need no AWS). */
public class Session {

    private TlsWhenNeededHttpClient http;
    private DynamoDbClient dynamo;
    private EcsClient ecs;
    private EcrClient ecr;
    private EcsPlatforms platforms;
    private final Object actorLock = new Object(); // apart from the clients': STS may be asked while DynamoDB is read
    private Actor actor;
    private StackHome stackHome;

    private synchronized TlsWhenNeededHttpClient http() {
        if (http == null) {
            http = AwsClients.httpClient();
        }
        return http;
    }

    /**
     * Builds the DynamoDB client, and the HTTP client under it, on a thread of its own while picocli reads the
     * command line; then, unless the endpoint is plain HTTP, the TLS client ({@link TlsWhenNeededHttpClient}):
     * most of a tenth of a second between them. A client that cannot be built here is built again, and says
     * why, where the command uses it.
     */
    public void prepareInBackground() {
        Thread.ofPlatform().daemon().name("hm-clients").start(() -> {
            try {
                dynamo();
                if (!environment().getOrDefault("AWS_ENDPOINT_URL", "").startsWith("http://")) {
                    http().prepareTls();
                }
            } catch (RuntimeException e) {
                // said again where the command first uses the client
            }
        });
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(http());
        }
        return dynamo;
    }

    public synchronized EcsClient ecs() {
        if (ecs == null) {
            ecs = AwsClients.ecs(http());
        }
        return ecs;
    }

    /**
     * ECR in the caller's region, with the caller's credentials: hm init and hm project apply --adopt read
     * images there (a registry of another account or region is reached from it, as its policy allows).
     */
    public synchronized EcrClient ecr() {
        if (ecr == null) {
            ecr = AwsClients.ecr(http());
        }
        return ecr;
    }

    /** The process environment (tests hand in their own). */
    public Map<String, String> environment() {
        return System.getenv();
    }

    /** The project of a command run without --project, as {@link DefaultProject} finds it from here. */
    public Optional<DefaultProject.Found> defaultProject() {
        return DefaultProject.find(environment(), Path.of(""));
    }

    /** Who runs hm: the caller's AWS identity (STS), shown as HM_ACTOR when set; with the CI run's address in CI. Asked once. */
    public Actor actor() {
        synchronized (actorLock) {
            if (actor == null) {
                actor = Actor.of(environment(), this::callerArn);
            }
            return actor;
        }
    }

    /**
     * Asks STS who runs hm on a thread of its own, for a command that will record it once it has read what it
     * needs: the call is then under way while the command reads. {@link #actor} waits for it, and asks again if
     * it failed (and says why).
     */
    public void prepareActorInBackground() {
        Thread.ofPlatform().daemon().name("hm-actor").start(() -> {
            try {
                actor();
            } catch (RuntimeException e) {
                // said again where the command asks
            }
        });
    }

    /** The caller's ARN, as STS GetCallerIdentity answers it (a call every identity may make). */
    protected String callerArn() {
        try (StsClient sts = StsClient.builder().httpClient(http()).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    /**
     * The terminal's width in columns, for tables to fit; 0 when hm's output is not a terminal (a
     * pipe, a CI log), or the width cannot be read: then tables are as wide as they come.
     */
    public int terminalColumns() {
        if (System.console() == null) {
            return 0;
        }
        String columns = environment().get("COLUMNS");
        if (columns != null && columns.matches("[1-9][0-9]{0,3}")) {
            return Integer.parseInt(columns);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return stty.waitFor() == 0 && size.matches("\\d+ [1-9]\\d*") ? Integer.parseInt(size.split(" ")[1]) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Outcomes in colour: on a terminal, unless NO_COLOR is set (https://no-color.org) or TERM is dumb. */
    public boolean colour() {
        String noColour = environment().get("NO_COLOR");
        return System.console() != null && (noColour == null || noColour.isEmpty()) && !"dumb".equals(environment().get("TERM"));
    }

    public Catalogue catalogue(String table) {
        return new DynamoDbCatalogue(dynamo(), table);
    }

    public BuildLedger ledger(String table) {
        return new DynamoDbBuildLedger(dynamo(), table);
    }

    public ReleaseSets releaseSets(String table) {
        return new DynamoDbReleaseSets(dynamo(), table);
    }

    public DeploymentRecords records(String table) {
        return new DynamoDbDeploymentRecords(dynamo(), table);
    }

    public DeploymentHistory history(String table) {
        return new DynamoDbDeploymentHistory(dynamo(), table);
    }

    public DeliveryRecords delivery(String table) {
        return new DynamoDbDeliveryRecords(dynamo(), table, stackHome());
    }

    /** The stack's own account and region, as far as hm can tell (HM_ACCOUNT_ID, else the caller's account). */
    public synchronized StackHome stackHome() {
        if (stackHome == null) {
            stackHome = StackHome.of(dynamo(), environment());
        }
        return stackHome;
    }

    public Verifications verifications(String table) {
        return new DynamoDbVerifications(dynamo(), table);
    }

    /** The ECS of the environment, in its account and region (its role assumed once per process). */
    public synchronized ContainerPlatform containers(Environment environment) {
        return platforms().at(environment.placement());
    }

    /** ECS of a place as a client: the caller's own, or another account's and region's through its role. */
    public synchronized EcsClient ecs(Placement placement) {
        return platforms().clientAt(placement);
    }

    private EcsPlatforms platforms() {
        if (platforms == null) {
            platforms = new EcsPlatforms(ecs(), http(), "harbourmaster-cli");
        }
        return platforms;
    }
}
