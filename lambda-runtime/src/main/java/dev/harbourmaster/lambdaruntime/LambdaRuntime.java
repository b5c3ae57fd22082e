package dev.harbourmaster.lambdaruntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function in one execution environment, as Lambda's java21 runtime runs it: AWS's Runtime
 * Interface Emulator (the Runtime API and the invoke endpoint, on loopback ports of its own) starts
 * the runtime interface client in a Java 21 JVM with the launcher's flags, which loads the Handler
 * from the task root's lib/*.jar (what {@code sam build} ships). As in Lambda, the JVM starts on the
 * first invocation (the init phase, {@link #initReportMillis()}) and stays warm for the next ones.
 */
public final class LambdaRuntime implements AutoCloseable {

    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Pattern INIT_REPORT = Pattern.compile("INIT REPORT\\(durationMs: ([0-9.]+)\\)");
    private static final Pattern REPORT_DURATION = Pattern.compile("^REPORT RequestId: .*\tDuration: ([0-9.]+) ms");
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final Process process;
    private final LambdaFunction function;
    private final URI invocations;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LambdaRuntime(Process process, LambdaFunction function, int port, Consumer<String> echo) {
        this.process = process;
        this.function = function;
        this.invocations = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    echo.accept(line);
                }
            } catch (IOException e) {
                output.add("(the runtime's output could not be read: " + e.getMessage() + ")");
            }
        }, "lambda-runtime-output-" + function.logicalId());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the emulator for a function whose code is in {@code taskRoot}/lib (the output of the
     * Makefile's {@code build-<LogicalId>}).
     *
     * @param aws what the execution role and the network give the function here: credentials, region
     *            and AWS_ENDPOINT_URL (the emulator's), added to the template's environment
     * @param echo where each line the function and the emulator print goes, as it comes
     */
    public static LambdaRuntime start(RuntimeTools tools, LambdaFunction function, Path taskRoot, Map<String, String> aws,
                                      Consumer<String> echo) {
        int port = freePort();
        int runtimeApiPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(command(tools, function, port, runtimeApiPort))
                .directory(taskRoot.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(function, taskRoot, tools, aws));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + tools.rie() + ": " + e.getMessage(), e);
        }
        LambdaRuntime runtime = new LambdaRuntime(process, function, port, echo);
        runtime.awaitListening(port);
        return runtime;
    }

    /** The emulator's command line: the launcher of Lambda's java21 runtime behind it. */
    static List<String> command(RuntimeTools tools, LambdaFunction function, int port, int runtimeApiPort) {
        List<String> command = new ArrayList<>(List.of(tools.rie().toString(),
                "--runtime-interface-emulator-address", "127.0.0.1:" + port,
                "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                tools.javaHome().resolve("bin/java").toString()));
        // The flags of java21's launcher (/var/runtime/bootstrap). It sets the heap from the
        // function's memory by a rule of its own; MaxRAM makes the JVM size itself for that memory.
        command.addAll(List.of("-XX:MaxRAM=" + function.memoryMb() + "m", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                // Without it org.crac's hooks (our SnapStart priming) register with no runtime.
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
                "-Djava.net.preferIPv4Stack=true", "-XX:+ErrorFileToStderr",
                "-classpath", tools.runtimeLib() + "/*", RIC_MAIN, function.handler()));
        return command;
    }

    /** Lambda's reserved variables over the template's, with what {@code aws} adds. */
    static Map<String, String> environment(LambdaFunction function, Path taskRoot, RuntimeTools tools, Map<String, String> aws) {
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.putAll(aws);
        String region = aws.getOrDefault("AWS_REGION", "eu-west-1");
        environment.putAll(Map.ofEntries(
                Map.entry("_HANDLER", function.handler()),
                Map.entry("AWS_REGION", region),
                Map.entry("AWS_DEFAULT_REGION", region),
                Map.entry("AWS_EXECUTION_ENV", "AWS_Lambda_java21"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", function.logicalId()),
                Map.entry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb())),
                Map.entry("AWS_LAMBDA_FUNCTION_TIMEOUT", String.valueOf(function.timeoutSeconds())),
                Map.entry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
                Map.entry("AWS_LAMBDA_LOG_FORMAT", function.logFormat().toUpperCase(java.util.Locale.ROOT)),
                Map.entry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId()),
                Map.entry("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]rie"),
                Map.entry("LAMBDA_TASK_ROOT", taskRoot.toString()),
                Map.entry("LAMBDA_RUNTIME_DIR", tools.runtimeLib().getParent().toString()),
                Map.entry("LANG", "en_US.UTF-8"),
                Map.entry("TZ", ":UTC"),
                Map.entry("PATH", "/usr/local/bin:/usr/bin:/bin")));
        return environment;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(function.logicalId() + ": the Runtime Interface Emulator exited with "
                        + process.exitValue() + ":\n" + String.join("\n", output));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException(function.logicalId() + ": the Runtime Interface Emulator did not listen on 127.0.0.1:"
                + port + " within " + READY_WITHIN.toSeconds() + " s:\n" + String.join("\n", output));
    }

    /** Invokes the function with an event, as Lambda's synchronous Invoke does, and waits for its answer. */
    public Invocation invoke(String event) {
        HttpRequest request = HttpRequest.newBuilder(invocations)
                .timeout(Duration.ofSeconds(function.timeoutSeconds() + 30L))
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Invocation(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(function.logicalId() + ": the invocation failed (" + e.getMessage() + "); the"
                    + " runtime printed:\n" + String.join("\n", output), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every line the emulator, the runtime and the function printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /**
     * The init phase's duration as the emulator reports it on its INIT REPORT line (JVM start, the
     * runtime client, the handler's class and constructor): what Lambda bills as Init Duration. The
     * REPORT line's "Init Duration" of RIE measures something else (a fraction of a millisecond).
     */
    public OptionalDouble initReportMillis() {
        for (String line : output) {
            Matcher matcher = INIT_REPORT.matcher(line);
            if (matcher.find()) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(1)));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Each invocation's duration as the emulator's REPORT lines give it, in order. Unlike Lambda's,
     * the first one includes the init phase (RIE starts the runtime on the first invocation).
     */
    public List<Double> reportedDurationsMillis() {
        List<Double> durations = new ArrayList<>();
        for (String line : output) {
            Matcher matcher = REPORT_DURATION.matcher(line);
            if (matcher.find()) {
                durations.add(Double.parseDouble(matcher.group(1)));
            }
        }
        return durations;
    }

    /**
     * {@link #reportedDurationsMillis()} once there are {@code count} of them, or what there is after
     * {@code within}: the emulator prints an invocation's REPORT line after it answered the invocation.
     */
    public List<Double> reportedDurationsMillis(int count, Duration within) {
        long until = System.nanoTime() + within.toNanos();
        List<Double> durations = reportedDurationsMillis();
        while (durations.size() < count && System.nanoTime() < until) {
            sleep(10);
            durations = reportedDurationsMillis();
        }
        return durations;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
