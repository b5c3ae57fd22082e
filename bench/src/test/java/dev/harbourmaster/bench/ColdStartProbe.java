package dev.harbourmaster.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.harbourmaster.invoke.LocalContext;
import dev.harbourmaster.support.Priming;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM whose classpath is a function's shaded jar (plus the Lambda runtime's event
 * deserializer, as on Lambda): constructs the handler (init), optionally runs its CRaC
 * beforeCheckpoint hook (the SnapStart priming), then handles one event. Prints one line of
 * {@code key=value} timings in milliseconds for {@link ColdStartBenchmark}.
 *
 * <p>Usage: {@code ColdStartProbe HANDLER_CLASS EVENT_FILE stream|dynamodb [prime] [phases]}.
 * {@code phases} times, before the handler, what its construction is made of (Jackson, the HTTP
 * client, the first and second SDK client) with the classes each loads; the handler then reuses
 * what is already loaded.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Throwable {
        long mainAt = System.nanoTime();
        String handlerClass = args[0];
        Path event = Path.of(args[1]);
        boolean dynamodb = args[2].equals("dynamodb");
        boolean prime = hasFlag(args, "prime");
        boolean phases = hasFlag(args, "phases");
        Map<String, String> out = new LinkedHashMap<>();
        PrintStream stdout = System.out;
        // The handlers log one JSON line per event; keep them out of the probe's answer.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));

        if (phases) {
            var loading = ManagementFactory.getClassLoadingMXBean();
            out.put("jvmToMainMs", String.valueOf(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
            phase(out, loading, "jackson", () -> Class.forName("dev.harbourmaster.support.Json", true, ColdStartProbe.class.getClassLoader()));
            Object[] http = new Object[1];
            phase(out, loading, "httpClient", () -> http[0] = dev.harbourmaster.support.AwsClients.httpClient());
            var client = (software.amazon.awssdk.http.SdkHttpClient) http[0];
            phase(out, loading, "dynamoDbClient", () -> dev.harbourmaster.support.AwsClients.dynamoDb(client));
            phase(out, loading, "secondClient", () -> {
                if (handlerClass.contains("buildrecorder")) {
                    dev.harbourmaster.support.AwsClients.ecr(client);
                } else if (handlerClass.contains("DomainEvents")) {
                    dev.harbourmaster.support.AwsClients.eventBridge(client);
                } else {
                    dev.harbourmaster.support.AwsClients.ecs(client);
                }
            });
            phase(out, loading, "handlerRest", () -> Class.forName(handlerClass).getConstructor().newInstance());
            out.put("classesTotal", String.valueOf(loading.getTotalLoadedClassCount()));
        }

        long start = System.nanoTime();
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long constructed = System.nanoTime();
        out.put("initMs", ms(constructed - start));

        List<Priming> primings = Priming.registered();
        if (prime && !primings.isEmpty()) {
            long primeStart = System.nanoTime();
            primings.getLast().beforeCheckpoint(null); // the handler just built registered it last
            out.put("primeMs", ms(System.nanoTime() - primeStart));
        } else if (prime) {
            out.put("primeMs", "NaN"); // this handler registers no priming
        }

        long eventStart = System.nanoTime();
        String outcome;
        var context = new LocalContext("bench", new PrintStream(OutputStream.nullOutputStream()), 30_000);
        try (InputStream input = Files.newInputStream(event)) {
            if (dynamodb) {
                DynamodbEvent parsed = LambdaEventSerializers.serializerFor(DynamodbEvent.class, ClassLoader.getSystemClassLoader())
                        .fromJson(input);
                @SuppressWarnings("unchecked")
                RequestHandler<DynamodbEvent, Object> typed = (RequestHandler<DynamodbEvent, Object>) handler;
                outcome = String.valueOf(typed.handleRequest(parsed, context));
            } else {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                ((RequestStreamHandler) handler).handleRequest(input, answer, context);
                outcome = answer.toString();
            }
        } catch (RuntimeException e) {
            outcome = "threw " + e.getClass().getSimpleName();
            e.printStackTrace(); // into the benchmark's probe log
        }
        out.put("firstEventMs", ms(System.nanoTime() - eventStart));
        out.put("mainMs", ms(System.nanoTime() - mainAt));
        out.put("outcome", outcome.replaceAll("\\s+", " "));
        StringBuilder line = new StringBuilder();
        out.forEach((k, v) -> line.append(k).append('=').append(v).append('\t'));
        stdout.println(line.toString().strip());
        stdout.flush();
        System.exit(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void phase(Map<String, String> out, java.lang.management.ClassLoadingMXBean loading, String name, Step step)
            throws Exception {
        long classes = loading.getTotalLoadedClassCount();
        long start = System.nanoTime();
        step.run();
        out.put(name + "Ms", ms(System.nanoTime() - start));
        out.put(name + "Classes", String.valueOf(loading.getTotalLoadedClassCount() - classes));
    }

    private static boolean hasFlag(String[] args, String flag) {
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
