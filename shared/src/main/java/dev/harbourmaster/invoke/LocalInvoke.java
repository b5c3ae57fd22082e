package dev.harbourmaster.invoke;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.template.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
            streamHandler.handleRequest(event, output, new LocalContext(args[1], System.err, 30_000));
        }
        System.out.println(output.toString(StandardCharsets.UTF_8));
    }
}
