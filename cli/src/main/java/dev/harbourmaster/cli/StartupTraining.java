package dev.harbourmaster.cli;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.support.AwsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the start-up cache is trained on (cli/src/dist/lib/harbourmaster/startup-cache.sh runs it, in the
 * background, with {@code -XX:AOTMode=record}): hm's common commands, run in this one JVM as {@link Hm#main}
 * runs them, on a project with a release to show and to deploy, against DynamoDB and STS answered in memory
 * ({@link TrainingAws}). So the cache holds what a real {@code hm status} or {@code hm deploy} loads (picocli,
 * the SDK's clients, signing, HTTP and JSON, the plan, the views), and training never reaches AWS or reads
 * the caller's credentials. Its output goes nowhere.
 */
public final class StartupTraining {

    private static final String TABLE = "training";
    private static final String PROJECT = "training";
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("--version"),
            List.of("status", "--project", PROJECT, "--table", TABLE),
            List.of("status", "--project", PROJECT, "--table", TABLE, "--output", "json"),
            List.of("releases", "--project", PROJECT, "--table", TABLE),
            List.of("deploy", "--project", PROJECT, "--env", "staging", "--yes", "--no-wait", "-m", "startup training",
                    "--table", TABLE),
            List.of("history", "--project", PROJECT, "--table", TABLE),
            List.of("deploy", "--help"));

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        train(new PrintWriter(args.length > 0 && args[0].equals("--show") ? System.out : OutputStream.nullOutputStream(), true));
    }

    /** Runs the commands; their exit codes, in order. */
    static List<Integer> train(PrintWriter out) throws IOException {
        Map<String, String> before = new HashMap<>();
        try (TrainingAws aws = new TrainingAws()) {
            // The SDK's own settings, ahead of the environment's and the profile's: this AWS, no real identity.
            Map.of("aws.endpointUrl", aws.endpoint(), "aws.region", "us-east-1", "aws.accessKeyId", "startup-training",
                    "aws.secretAccessKey", "startup-training").forEach((key, value) -> before.put(key, System.setProperty(key, value)));
            try (DynamoDbClient dynamo = AwsClients.dynamoDb(AwsClients.httpClient())) {
                seed(dynamo);
            }
            List<Integer> codes = new ArrayList<>();
            for (List<String> command : COMMANDS) {
                String[] args = command.toArray(String[]::new);
                codes.add(Hm.run(Hm.session(args), out, out, args));
            }
            return codes;
        } finally {
            // As they were: a test that trains goes on in a JVM whose other tests reach their own AWS.
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /** A project of one environment and one service, and a release of it, as hm project apply and a push write them. */
    private static void seed(DynamoDbClient dynamo) {
        Service api = new Service("api", "api", List.of(new Container("api", "training/api")));
        new DynamoDbCatalogue(dynamo, TABLE).apply(new Project(PROJECT, PROJECT, ReleaseHashRule.DEFAULT,
                List.of(new Environment("staging", "staging", "training", "{service}-{env}", false)),
                List.of(new ServiceSet("web", "web", List.of(api)))));
        Instant pushed = Instant.parse("2026-01-01T00:00:00Z");
        String uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/training/api";
        Build build = new Build("training/api", DIGEST, uri, Set.of("ref.abc1234"), pushed, "abc1234", ImageMetadata.NONE,
                BuildState.RELEASED);
        new DynamoDbBuildLedger(dynamo, TABLE).recordNewBuild(build, List.of(new Release(PROJECT, "web", "api", "abc1234",
                List.of(new ReleaseImage("api", "training/api", DIGEST, uri + "@" + DIGEST, "abc1234")), "training/api",
                DIGEST, pushed, null)), List.of());
    }
}
