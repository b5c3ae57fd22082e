package dev.harbourmaster.lambdaruntime;

import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The functions of template.yaml as the tests and benchmarks of this module run them: under the
 * Lambda runtime ({@link LambdaRuntime}), against the test emulator, with a table and a bus of the
 * caller's standing for the stack's.
 */
final class TemplateFunctions {

    static final Path ROOT = Emulator.repositoryRoot();

    private final RuntimeTools tools;
    private final SamTemplate template;

    private TemplateFunctions(RuntimeTools tools, SamTemplate template) {
        this.tools = tools;
        this.template = template;
    }

    /** Builds or finds the emulator and Java 21 (scripts/lambda-env.sh) and reads the template. */
    static TemplateFunctions prepare() {
        try {
            return new TemplateFunctions(RuntimeTools.prepare(ROOT), SamTemplate.read(ROOT.resolve("template.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same functions on another Java: what a move to Lambda's java25 runtime would run them on. */
    TemplateFunctions on(Path javaHome) {
        return new TemplateFunctions(new RuntimeTools(tools.rie(), javaHome, tools.runtimeLib()), template);
    }

    /** The Java the functions run on, as its release file names it (e.g. 21.0.8). */
    String javaVersion() {
        try {
            return java.nio.file.Files.readAllLines(tools.javaHome().resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION=")).map(line -> line.substring(13).replace("\"", ""))
                    .findFirst().orElse("21");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> logicalIds() {
        return LambdaFunction.logicalIds(template);
    }

    /** A function as the template defines it, its !Refs to the stack's table and bus resolved to these. */
    LambdaFunction function(String logicalId, String table, String bus) {
        Map<String, String> refs = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach(id -> refs.put(id, table));
        refs.put("AWS::AccountId", "123456789012");
        template.resourcesOfType("AWS::Events::EventBus").forEach(id -> refs.put(id, bus));
        // As a stack with the GitHub deployments on has it (the secret is read on the first GitHub call only).
        refs.put("GitHubTokenSecret", "harbourmaster/github-token");
        return LambdaFunction.of(template, logicalId, refs);
    }

    /** The function's code as `sam build` ships it (the Makefile's build-LogicalId), in a folder under {@code dir}. */
    static Path taskRoot(String logicalId, Path dir) {
        return TaskRoot.build(ROOT, logicalId, dir.resolve(logicalId), false);
    }

    /** A fresh execution environment for the function: its JVM starts on the first invocation. */
    LambdaRuntime start(LambdaFunction function, Path taskRoot, Consumer<String> echo) {
        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("AWS_ENDPOINT_URL", System.getenv("AWS_ENDPOINT_URL"));
        aws.put("AWS_REGION", "eu-west-1");
        aws.put("AWS_ACCESS_KEY_ID", "testing");
        aws.put("AWS_SECRET_ACCESS_KEY", "testing");
        return LambdaRuntime.start(tools, function, taskRoot, aws, echo);
    }

    /** A fresh execution environment, its lines echoed to stdout with the function's name. */
    LambdaRuntime start(String logicalId, String table, String bus, Path dir) {
        return start(function(logicalId, table, bus), taskRoot(logicalId, dir), line -> System.out.println(logicalId + " | " + line));
    }
}
