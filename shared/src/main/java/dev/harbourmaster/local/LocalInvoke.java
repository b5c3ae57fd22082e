package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Invokes a function's handler once, in this JVM, with an event file: what {@code sam local
 * invoke -e} does, without Docker. The handler class comes from the function's {@code Handler}
 * in template.yaml; AWS calls go wherever AWS_ENDPOINT_URL points.
 *
 * <p>Usage: {@code LocalInvoke TEMPLATE LOGICAL_ID EVENT_FILE}
 */
public final class LocalInvoke {

    private LocalInvoke() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalInvoke TEMPLATE LOGICAL_ID EVENT_FILE");
            System.exit(2);
        }
        String handler = String.valueOf(SamTemplate.read(Path.of(args[0])).properties(args[1]).get("Handler"));
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        Object instance = Class.forName(className).getConstructor().newInstance();
        if (!(instance instanceof RequestStreamHandler streamHandler)) {
            throw new IllegalArgumentException(className + " is not a RequestStreamHandler");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream event = Files.newInputStream(Path.of(args[2]))) {
            streamHandler.handleRequest(event, output, new LocalContext(args[1]));
        }
        System.out.println(output.toString(StandardCharsets.UTF_8));
    }

    private record LocalContext(String functionName) implements Context {
        @Override public String getAwsRequestId() { return UUID.randomUUID().toString(); }
        @Override public String getLogGroupName() { return "local"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "local:" + functionName; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.print(message); }
                @Override public void log(byte[] message) { System.err.write(message, 0, message.length); }
            };
        }
    }
}
