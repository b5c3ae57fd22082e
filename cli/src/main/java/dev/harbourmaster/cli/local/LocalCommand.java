package dev.harbourmaster.cli.local;

import dev.harbourmaster.cli.Checkout;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.cli.dashboard.DashboardCommand;
import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.local.FailureSwitch;
import dev.harbourmaster.local.LocalMode;
import dev.harbourmaster.local.LocalModeException;
import dev.harbourmaster.local.LocalRegion;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Shell;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;

@Command(name = "local", footerHeading = Hm.EXAMPLES, footer = {
        "  hm local up",
        "  hm local fail -p catalogue -e staging -s id_minter"},
        description = "Harbourmaster on this machine: an AWS emulator with the whole pipeline running on it.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Fail.class, LocalCommand.Heal.class})
public final class LocalCommand {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    @Command(name = "up", footerHeading = Hm.EXAMPLES, footer = {
        "  hm local up        # moto on 127.0.0.1:4566, and everything on it",
        "  hm local up --fail staging/ingestor --settle 5s",
        "  hm local up --endpoint http://127.0.0.1:4566 -f harbourmaster.yml"},
        description = {
            "Run the whole system on this machine, in the foreground until Ctrl-C: moto (the AWS emulator), the "
                    + "table, rules and stream filters of template.yaml, the manifest's ECR repositories and ECS "
                    + "services, and the real handlers fed as AWS would feed them (ECR pushes become events, ECS "
                    + "deployments are played with their events, the table's stream reaches the deployer).",
            "Prints the AWS_ENDPOINT_URL (and region, credentials, HM_TABLE) for other shells."})
    public static final class Up extends HmCommand {

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "${env:HM_HOME:-.}/examples/harbourmaster.yml",
                description = "The project manifest to run. Default: ${DEFAULT-VALUE}.")
        Path file;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "4566",
                description = "The port of the emulator local mode starts (on 127.0.0.1). Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--region", paramLabel = "REGION",
                description = "The AWS region local mode runs in. Default: AWS_REGION, else AWS_DEFAULT_REGION, else "
                        + LocalRegion.DEFAULT + ".")
        String region;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "Use the emulator that runs at URL instead of starting one (e.g. scripts/moto.sh start's).")
        URI endpoint;

        @Option(names = "--fail", paramLabel = "SERVICE", split = ",", arity = "1..*",
                description = "Services whose deployments fail from the start (SERVICE, ENV/SERVICE or the ECS service"
                        + " name); hm local heal ends it.")
        List<String> fail = new ArrayList<>();

        @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "2s",
                description = "How long a simulated ECS deployment takes (e.g. 2s, 500ms). Default: ${DEFAULT-VALUE}.")
        String settle;

        @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "8080",
                description = "Serve the dashboard on this loopback port (0: any free port; -1: no dashboard)."
                        + " Default: ${DEFAULT-VALUE}, or a free port when it is taken.")
        int dashboardPort;

        @Option(names = "--allow-host", paramLabel = "NAME", description = DashboardCommand.ALLOW_HOST)
        List<String> allowHosts = new ArrayList<>();

        @Option(names = "--template", paramLabel = "FILE", defaultValue = "${env:HM_HOME:-.}/template.yaml",
                description = "The SAM template local mode follows. Default: ${DEFAULT-VALUE}.")
        Path template;

        @Option(names = "--log", paramLabel = "FILE",
                description = "Where every JSON log line goes (moto's beside it, FILE's name with -moto), e.g. for a"
                        + " second local mode of the same checkout. Default: .run/local.log and .run/local-moto.log.")
        Path logFile;

        public Up(Session session) {
            super(session);
        }

        /** The dashboard over the emulator's table: on the port asked for, or any free one when it is taken. */
        private DashboardServer dashboard(LocalMode mode) {
            List<String> projects = List.of(mode.project().id());
            try {
                return DashboardCommand.start(session, mode.tableName(), projects, dashboardPort, allowHosts);
            } catch (CliException taken) {
                return DashboardCommand.start(session, mode.tableName(), projects, 0, allowHosts);
            }
        }

        @Override
        public Integer call() throws InterruptedException {
            DashboardCommand.checkAllowHosts(allowHosts);
            Path home = Path.of(System.getenv().getOrDefault("HM_HOME", ".")).toAbsolutePath().normalize();
            LocalRegion chosen;
            try {
                chosen = LocalRegion.choose(region, session.environment());
            } catch (IllegalArgumentException badRegion) {
                throw new CliException(badRegion.getMessage(), 2);
            }
            boolean given = spec.commandLine().getParseResult().hasMatchedOption("--template");
            if (!Files.isRegularFile(template)) {
                throw new CliException(given ? "template not found: " + template + "; pass --template the path of"
                        + " Harbourmaster's template.yaml" : "local up needs a Harbourmaster checkout, and "
                        + Checkout.lacks("template.yaml") + ": " + Checkout.FIX, 2);
            }
            if (!Files.isRegularFile(file)) {
                throw new CliException("manifest not found: " + file + "; pass it with -f PATH", 2);
            }
            if (endpoint == null && !Files.isRegularFile(home.resolve("scripts/moto_server.py"))) {
                throw new CliException("local up starts moto with a Harbourmaster checkout's scripts, and "
                        + Checkout.lacks("scripts/moto_server.py") + ": " + Checkout.FIX
                        + " (or pass --endpoint URL of an emulator that runs already)", 2);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintStream narration = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
            LocalMode.Options options = new LocalMode.Options().home(home).template(template).manifest(file)
                    .port(port).endpoint(endpoint).region(chosen).table(common.table).settle(duration(settle, "--settle"))
                    .out(narration);
            fail.forEach(options::fail);
            if (logFile != null) {
                String name = logFile.getFileName().toString();
                int dot = name.lastIndexOf('.');
                options.logFile(logFile).motoLog(logFile.resolveSibling(dot > 0 ? name.substring(0, dot) + "-moto" + name.substring(dot)
                        : name + "-moto"));
            }
            LocalMode mode;
            try {
                mode = LocalMode.start(options);
            } catch (LocalModeException e) {
                throw new CliException(e.getMessage());
            }
            // Anything else in this process that builds an SDK client the usual way reaches the emulator too.
            System.setProperty("aws.endpointUrl", mode.endpoint().toString());
            System.setProperty("aws.region", mode.region().name());
            System.setProperty("aws.accessKeyId", mode.environment().get("AWS_ACCESS_KEY_ID"));
            System.setProperty("aws.secretAccessKey", mode.environment().get("AWS_SECRET_ACCESS_KEY"));
            DashboardServer dashboard = dashboardPort < 0 ? null : dashboard(mode);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                narration.println("Stopping local mode" + (endpoint == null ? " and its moto server" : "") + " ...");
                if (dashboard != null) {
                    dashboard.close();
                }
                mode.close();
                narration.println("Stopped.");
                narration.flush();
                stopped.countDown();
            }, "hm-local-shutdown"));
            mode.banner().forEach(out::println);
            if (dashboard != null) {
                out.println("Dashboard: " + dashboard.url() + "p/" + mode.project().id());
            }
            out.println();
            out.flush();
            stopped.await();
            return 0;
        }
    }

    @Command(name = "fail", footerHeading = Hm.EXAMPLES, footer = {
        "  hm local fail --project catalogue --env staging --service id_minter"},
        description = "Make a service's next deployments fail in local mode (its tasks exit 1, "
            + "ECS's circuit breaker rolls it back): tags its ECS service " + FailureSwitch.TAG + "=true.")
    public static final class Fail extends Switch {
        public Fail(Session session) {
            super(session);
        }

        @Override
        public Integer call() {
            return flip(true);
        }
    }

    @Command(name = "heal", footerHeading = Hm.EXAMPLES, footer = {
        "  hm local heal --project catalogue --env staging --service id_minter"},
        description = "Undo hm local fail: the service's next deployments succeed again.")
    public static final class Heal extends Switch {
        public Heal(Session session) {
            super(session);
        }

        @Override
        public Integer call() {
            return flip(false);
        }
    }

    abstract static class Switch extends HmCommand {

        @Mixin
        ProjectOption project;

        @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment.")
        String env;

        @Option(names = {"-s", "--service"}, required = true, paramLabel = "SERVICE", description = "The service.")
        String service;

        Switch(Session session) {
            super(session);
        }

        Integer flip(boolean on) {
            Project registered = project.registered(common.table);
            Environment environment = ProjectLookup.environment(registered, env);
            Service found = ProjectLookup.service(registered, service);
            String serviceSet = registered.serviceSetOf(found.id()).orElseThrow().id();
            String ecsName = environment.ecsServiceNameOf(registered.id(), serviceSet, found.id());
            // The environment's own ECS: in another account, through its role (as local mode made it there).
            try (SdkHttpClient http = AwsClients.httpClient()) {
                EcsClient ecs = FailureSwitch.ecsAt(session.ecs(), http, environment.placement());
                try {
                    String arn = FailureSwitch.serviceArn(ecs, environment.cluster(), ecsName).orElseThrow(() ->
                            new CliException("ECS service " + ecsName + " not found in cluster " + environment.cluster()
                                    + (environment.placement().isHome() ? "" : " (" + environment.placement().describe() + ")")
                                    + ": is local mode up (hm local up), and AWS_ENDPOINT_URL its endpoint?"));
                    FailureSwitch.set(ecs, arn, on);
                } finally {
                    if (ecs != session.ecs()) {
                        ecs.close();
                    }
                }
            }
            spec.commandLine().getOut().println(on
                    ? found.id() + " in " + env + " (" + environment.cluster() + "/" + ecsName + ") now fails its next"
                    + " deployments: tasks exit 1 and ECS's circuit breaker rolls back. Undo: "
                    + Shell.command("hm", "local", "heal", "--project", registered.id(), "--env", environment.id(), "--service", found.id())
                    : found.id() + " in " + env + " (" + environment.cluster() + "/" + ecsName + ") deploys normally again.");
            return 0;
        }
    }

    static Duration duration(String text, String option) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new CliException(option + " " + text + ": give a duration such as 2s, 500ms or 1m", 2);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** Local mode writes its lines for a person to a PrintStream; hm's output is a PrintWriter. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                writer.println(line.toString(StandardCharsets.UTF_8));
                writer.flush();
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
