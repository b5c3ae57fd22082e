package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.TableFromTemplate;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Rights per environment, proved by IAM policy evaluation: an emulator of its own with access
 * control on (scripts/moto_server.py evaluates dynamodb:LeadingKeys as IAM does), a "platform"
 * user allowed everything (the admins), a "deployer" user with the table rights template.yaml grants
 * the deployer, and a "staging-team" user with exactly the policy the README documents
 * (docs/iam/deploy-staging-only.json). hm runs as the team.
 */
class RightsPerEnvironmentIT {

    private static final Region REGION = Region.EU_WEST_1;
    private static final String ACCOUNT = "123456789012";

    @TempDir
    Path dir;

    private Process moto;
    private URI endpoint;
    private String table;
    private StaticCredentialsProvider platform;
    private StaticCredentialsProvider team;
    /** The deployer's table rights, exactly as template.yaml grants them to DeployerRole. */
    private StaticCredentialsProvider deployerTable;
    private String teamArn;
    private Project project;

    @BeforeEach
    void setUp() throws Exception {
        startMoto();
        StaticCredentialsProvider bootstrap = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        table = "hm-rights-" + ProcessHandle.current().pid();
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(bootstrap).build()) {
            platform = user(iam, "platform", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""");
            team = user(iam, "staging-team", Files.readString(Emulator.repositoryRoot().resolve("docs/iam/deploy-staging-only.json"))
                    .replace("REGION", REGION.id()).replace("ACCOUNT", ACCOUNT).replace("TABLE", table));
            deployerTable = user(iam, "deployer", tableStatementsOf("DeployerRole"));
        }
        teamArn = "arn:aws:iam::" + ACCOUNT + ":user/staging-team";
        DynamoDbClient dynamo = dynamo(platform);
        TableFromTemplate.createIfMissing(dynamo, Emulator.repositoryRoot().resolve("template.yaml"), table);
        Path manifest = Fixtures.exampleManifestOnClusters(dir, "rights");
        project = new ManifestParser().parse(manifest);
        try (EcsClient ecs = ecs(platform)) {
            for (String env : List.of("staging", "prod")) {
                ecs.createCluster(b -> b.clusterName("catalogue-" + env + "-rights"));
                String taskDefinition = ecs.registerTaskDefinition(b -> b.family("catalogue-id_minter-" + env)
                        .containerDefinitions(ContainerDefinition.builder().name("id_minter")
                                .image(RecordSeeder.REGISTRY + "catalogue/id_minter:bootstrap").memory(512).essential(true)
                                .build())).taskDefinition().taskDefinitionArn();
                ecs.createService(b -> b.cluster("catalogue-" + env + "-rights").serviceName("catalogue-id_minter-" + env)
                        .taskDefinition(taskDefinition).desiredCount(1));
            }
        }
        assertThat(hm(platform, Map.of(), "project", "apply", "-f", manifest.toString()).exitCode()).isZero();
        released(dynamo, "id_minter", "3f9c2ab");
        accessControl("0");
    }

    @AfterEach
    void stopMoto() {
        if (moto != null) {
            moto.destroyForcibly();
        }
    }

    @Test
    void aStagingTeamDeploysToStagingAsWhoAwsSaysItIsAndIsRefusedProdWithTheFix() {
        HmRunner.Run staging = hm(team, Map.of("HM_ACTOR", "the CFO (approved)"), "deploy", "--project", "catalogue",
                "--env", "staging", "--services", "id_minter", "--yes", "--no-wait", "--output", "json");

        assertThat(staging.exitCode()).as(staging.err()).isZero();
        String id = staging.json().at("/releaseSet/id").asText();
        assertThat(id).startsWith("catalogue/staging/");
        DynamoDbReleaseSets sets = new DynamoDbReleaseSets(dynamo(platform), table);
        ReleaseSet requested = sets.releaseSet(id).orElseThrow();
        assertThat(requested.requestedBy()).isEqualTo("the CFO (approved)");
        assertThat(requested.requestedByArn()).isEqualTo(teamArn);
        assertThat(deployer().deploy(id).status()).as("the deployer takes the team's set").isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        assertThat(hm(team, Map.of(), "show", id).out()).contains("by the CFO (approved) (" + teamArn + ")");

        HmRunner.Run prod = hm(team, Map.of(), "deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "--yes", "--no-wait");

        assertThat(prod.exitCode()).isEqualTo(1);
        assertThat(prod.err()).startsWith("hm: AWS refused " + teamArn + " the right to deploy to catalogue/prod"
                        + " (AccessDeniedException: User: " + teamArn + " is not authorized to perform: dynamodb:PutItem")
                .contains("a deploy writes its release set under RELEASESET#catalogue/prod/*",
                        "dynamodb:PutItem on table " + table + " with dynamodb:LeadingKeys \"RELEASESET#catalogue/prod/*\"",
                        "README, 'Rights per environment'");
        assertThat(sets.releaseSets("catalogue", "prod", 10)).isEmpty();
    }

    @Test
    void aStagingTeamLocksAndUnlocksStagingButNeitherLocksNorUnlocksProd() {
        assertThat(hm(team, Map.of(), "lock", "--project", "catalogue", "--env", "staging", "-m", "demo").exitCode()).isZero();
        HmRunner.Run unlockStaging = hm(team, Map.of(), "unlock", "--project", "catalogue", "--env", "staging");
        assertThat(unlockStaging.exitCode()).as(unlockStaging.err()).isZero();

        HmRunner.Run lockProd = hm(team, Map.of(), "lock", "--project", "catalogue", "--env", "prod", "-m", "mine now");
        assertThat(lockProd.exitCode()).isEqualTo(1);
        assertThat(lockProd.err()).startsWith("hm: AWS refused " + teamArn + " the right to lock catalogue/prod")
                .contains("dynamodb:PutItem on table " + table + " with dynamodb:LeadingKeys \"LOCK#catalogue/prod\"");

        assertThat(hm(platform, Map.of("HM_ACTOR", "release manager"), "lock", "--project", "catalogue", "--env", "prod",
                "-m", "release freeze").exitCode()).isZero();
        HmRunner.Run unlockProd = hm(team, Map.of(), "unlock", "--project", "catalogue", "--env", "prod");
        assertThat(unlockProd.exitCode()).isEqualTo(1);
        assertThat(unlockProd.err()).startsWith("hm: AWS refused " + teamArn + " the right to unlock catalogue/prod")
                .contains("dynamodb:UpdateItem on table " + table + " with dynamodb:LeadingKeys \"LOCK#catalogue/prod\"");
        assertThat(new DynamoDbReleaseSets(dynamo(platform), table).gate("catalogue", "prod").lock()).get()
                .satisfies(lock -> {
                    assertThat(lock.owner()).isEqualTo("release manager");
                    assertThat(lock.ownerArn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/platform");
                });
    }

    private HmRunner.Run hm(StaticCredentialsProvider who, Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        return new HmRunner(new Session() {
            @Override
            public synchronized DynamoDbClient dynamo() {
                return RightsPerEnvironmentIT.this.dynamo(who);
            }

            @Override
            public synchronized EcsClient ecs() {
                return RightsPerEnvironmentIT.this.ecs(who);
            }

            @Override
            protected String callerArn() {
                try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(who)
                        .build()) {
                    return sts.getCallerIdentity().arn();
                }
            }

            @Override
            public Map<String, String> environment() {
                return environment;
            }
        }).run(all.toArray(String[]::new));
    }

    @Test
    void theDeployerWithTheTemplatesTableRightsRejectsTheTeamsSetWhenStagingWasLockedMeanwhile() {
        HmRunner.Run staging = hm(team, Map.of(), "deploy", "--project", "catalogue", "--env", "staging", "--services",
                "id_minter", "--yes", "--no-wait", "--output", "json");
        assertThat(staging.exitCode()).as(staging.err()).isZero();
        assertThat(hm(platform, Map.of(), "lock", "--project", "catalogue", "--env", "staging", "-m", "incident").exitCode())
                .isZero();

        ReleaseSetDeployer.Result result = deployer().deploy(staging.json().at("/releaseSet/id").asText());

        // Reading the lock's owner for the reason is the gate's BatchGetItem, which the template must grant.
        assertThat(result.status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(result.reason()).contains("catalogue/staging is locked by arn:aws:iam::" + ACCOUNT + ":user/platform",
                "incident");
    }

    /**
     * The table statements of a role's policies in template.yaml (those whose actions are all
     * DynamoDB's and that name the table, not its stream), on this table, as an IAM policy document.
     */
    private String tableStatementsOf(String role) throws IOException {
        String arn = "arn:aws:dynamodb:" + REGION.id() + ":" + ACCOUNT + ":table/" + table;
        List<Object> statements = new ArrayList<>();
        for (Object policy : (List<?>) SamTemplate.read(Emulator.repositoryRoot().resolve("template.yaml"))
                .rawProperties(role).get("Policies")) {
            Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policy).get("PolicyDocument");
            for (Object statement : (List<?>) document.get("Statement")) {
                // A statement under a condition (!If: sts:AssumeRole of workload roles) is not a table right.
                if (!(statement instanceof Map<?, ?> s)) {
                    continue;
                }
                if (s.get("Action") instanceof List<?> actions
                        && actions.stream().allMatch(a -> String.valueOf(a).startsWith("dynamodb:"))
                        && String.valueOf(s.get("Resource")).contains("Table.Arn")
                        && !String.valueOf(s.get("Resource")).toLowerCase(java.util.Locale.ROOT).contains("stream")) {
                    statements.add(Map.of("Effect", s.get("Effect"), "Action", s.get("Action"),
                            "Resource", List.of(arn, arn + "/index/*")));
                }
            }
        }
        assertThat(statements).as("%s's table statements", role).isNotEmpty();
        return Json.MAPPER.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", statements));
    }

    private ReleaseSetDeployer deployer() {
        DynamoDbClient dynamo = dynamo(deployerTable);
        return DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo, ecs(platform)).deployer();
    }

    /** A release of the service, recorded as build-recorder records it. */
    private void released(DynamoDbClient dynamo, String serviceId, String hash) {
        Container container = project.service(serviceId).orElseThrow().containers().get(0);
        String digest = RecordSeeder.digest(container.repository() + "@" + hash);
        Release release = new Release(project.id(), project.serviceSetOf(serviceId).orElseThrow().id(), serviceId, hash,
                List.of(new ReleaseImage(container.name(), container.repository(), digest,
                        RecordSeeder.REGISTRY + container.repository() + "@" + digest, hash)),
                container.repository(), digest, Instant.now(), "change " + hash);
        Build build = new Build(release.sourceRepository(), release.sourceDigest(),
                RecordSeeder.REGISTRY + release.sourceRepository(), Set.of("ref." + hash), release.createdAt(), hash,
                ImageMetadata.NONE, BuildState.RELEASED);
        assertThat(new DynamoDbBuildLedger(dynamo, table).recordNewBuild(build, List.of(release), List.of())).isTrue();
    }

    private StaticCredentialsProvider user(IamClient iam, String name, String policy) {
        iam.createUser(b -> b.userName(name));
        iam.putUserPolicy(b -> b.userName(name).policyName(name).policyDocument(policy));
        AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private DynamoDbClient dynamo(StaticCredentialsProvider who) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(who).build();
    }

    private EcsClient ecs(StaticCredentialsProvider who) {
        return EcsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(who).build();
    }

    private void startMoto() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path root = Emulator.repositoryRoot();
        moto = new ProcessBuilder(root.resolve(".venv/moto/bin/python").toString(), root.resolve("scripts/moto_server.py").toString(),
                "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("moto.log").toFile()).start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        for (int i = 0; i < 150; i++) {
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/data.json").toURL().openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("moto did not answer on " + endpoint + ": " + Files.readString(dir.resolve("moto.log")));
    }

    /** Turns moto's access control on ("0": from the next request) for this emulator only. */
    private void accessControl(String noAuthCount) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/reset-auth").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "text/plain");
        connection.getOutputStream().write(noAuthCount.getBytes(StandardCharsets.UTF_8));
        assertThat(connection.getResponseCode()).isEqualTo(200);
    }
}
