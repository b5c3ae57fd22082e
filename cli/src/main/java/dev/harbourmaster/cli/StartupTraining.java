package dev.harbourmaster.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the start-up cache is trained on (cli/src/dist/lib/harbourmaster/startup-cache.sh runs it, in the
 * background, with {@code -XX:AOTMode=record}): hm's common commands, run in this one JVM against a
 * DynamoDB that this class answers itself on a loopback port, so the run loads what a real
 * {@code hm status} loads (picocli, the SDK's client, signing, HTTP and JSON, Jackson, the views) and
 * never reaches AWS or reads the caller's credentials. Its output goes nowhere.
 */
public final class StartupTraining {

    /** DynamoDB's answers, by X-Amz-Target: a project that has nothing yet. */
    private static final Map<String, String> ANSWERS = Map.of(
            "DynamoDB_20120810.Query", "{\"Count\":0,\"Items\":[],\"ScannedCount\":0}",
            "DynamoDB_20120810.BatchGetItem", "{\"Responses\":{},\"UnprocessedKeys\":{}}",
            "DynamoDB_20120810.GetItem", "{}");

    private static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("--version"),
            List.of("status", "--project", "training", "--table", "training"),
            List.of("status", "--project", "training", "--table", "training", "--output", "json"),
            List.of("history", "--project", "training", "--table", "training"),
            List.of("deploy", "--help"));

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        HttpServer dynamo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        dynamo.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = ANSWERS.getOrDefault(target, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        dynamo.start();
        // The SDK's own settings, ahead of the environment's and the profile's: this DynamoDB, no real identity.
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + dynamo.getAddress().getPort());
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "startup-training");
        System.setProperty("aws.secretAccessKey", "startup-training");
        PrintWriter nowhere = new PrintWriter(args.length > 0 && args[0].equals("--show") ? System.out
                : OutputStream.nullOutputStream(), true);
        try {
            for (List<String> command : COMMANDS) {
                Hm.run(new Session(), nowhere, nowhere, command.toArray(String[]::new));
            }
        } finally {
            dynamo.stop(0);
        }
    }
}
