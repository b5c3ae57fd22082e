package dev.harbourmaster.lambdaruntime;

import dev.harbourmaster.template.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * scripts/invoke.sh: one function of template.yaml invoked once with an event file, as Lambda runs
 * it (see {@link LambdaRuntime}), against AWS_ENDPOINT_URL. The function's and the emulator's lines
 * go to stderr, the function's answer to stdout; a function error exits 1.
 *
 * <p>Usage: {@code InvokeFunction REPOSITORY_ROOT LOGICAL_ID EVENT_FILE}. The table is $HM_TABLE
 * (default harbourmaster), the stack's bus $HM_EVENT_BUS (default harbourmaster), the account
 * $HM_ACCOUNT_ID (default 123456789012, the emulator's and the fixtures').
 */
public final class InvokeFunction {

    private InvokeFunction() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: InvokeFunction REPOSITORY_ROOT LOGICAL_ID EVENT_FILE");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        SamTemplate template = SamTemplate.read(root.resolve("template.yaml"));
        LambdaFunction function;
        try {
            function = LambdaFunction.of(template, args[1], references(template));
        } catch (IllegalArgumentException e) {
            System.err.println("invoke.sh: " + e.getMessage());
            System.exit(2);
            return;
        }
        String event = Files.readString(Path.of(args[2]));
        Path taskRoot = TaskRoot.build(root, function.logicalId(), Files.createTempDirectory("hm-task-"), true);
        try (LambdaRuntime runtime = LambdaRuntime.start(RuntimeTools.prepare(root), function, taskRoot, aws(),
                System.err::println)) {
            Invocation invocation = runtime.invoke(event);
            System.out.println(invocation.body());
            if (!invocation.succeeded()) {
                System.err.println("invoke.sh: " + function.logicalId() + " failed: "
                        + invocation.errorType().orElse("HTTP " + invocation.httpStatus()));
                System.exit(1);
            }
        }
    }

    /** What the template's !Refs are on this machine (as CloudFormation would resolve them in the stack). */
    static Map<String, String> references(SamTemplate template) {
        Map<String, String> refs = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach(id -> refs.put(id, env("HM_TABLE", "harbourmaster")));
        template.resourcesOfType("AWS::Events::EventBus").forEach(id -> refs.put(id, env("HM_EVENT_BUS", "harbourmaster")));
        refs.put("AWS::AccountId", env("HM_ACCOUNT_ID", "123456789012"));
        return refs;
    }

    /** This process's AWS settings (the emulator's endpoint, region and test credentials), as the function's role would give them. */
    static Map<String, String> aws() {
        Map<String, String> aws = new LinkedHashMap<>();
        for (String name : new String[] {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                aws.put(name, value);
            }
        }
        aws.putIfAbsent("AWS_REGION", env("AWS_DEFAULT_REGION", "eu-west-1"));
        return aws;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
