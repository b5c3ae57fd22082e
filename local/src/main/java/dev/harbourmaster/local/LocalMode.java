package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.TableFromTemplate;
import dev.harbourmaster.invoke.LocalContext;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.manifest.ProjectRegistration;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.support.Suggest;
import dev.harbourmaster.support.Times;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The whole system on one machine: an AWS emulator (moto, started here or given), the table, rules
 * and stream subscriptions of template.yaml, the AWS world of a manifest, and the real handlers
 * in-process, fed as AWS would feed them (see the README, "Local mode"). Start it with {@link
 * #start}, wait for it to settle with {@link #awaitIdle}, stop it with {@link #close}. {@code hm
 * local up} runs one in the foreground; tests and the demo run one in-process.
 */
public final class LocalMode implements AutoCloseable {

    /** What the handlers' Lambda context says is left of an invocation (the template's longest timeout). */
    static final int INVOCATION_TIMEOUT_MILLIS = 300_000;

    public static final String DEFAULT_PREFIX = "hm-local";
    public static final String DEFAULT_BUS = "harbourmaster-local";
    /** The environment variable that gives {@link Options#notificationUrl}. */
    public static final String NOTIFICATION_URL_VARIABLE = "HM_LOCAL_NOTIFICATION_URL";
    /** The parameter whose secret holds the webhook; set locally so that the webhook rule exists. */
    static final String WEBHOOK_SECRET_PARAMETER = "NotificationWebhookSecret";
    /** Where the GitHub deployments (the GitHubTokenSecret parameter) call GitHub locally: a stand-in on a loopback address. */
    public static final String GITHUB_API_URL_VARIABLE = "HM_LOCAL_GITHUB_API_URL";
    /** The token local mode puts in the emulator's secret (default "hm-local-github-token"). */
    public static final String GITHUB_TOKEN_VARIABLE = "HM_LOCAL_GITHUB_TOKEN";
    static final String GITHUB_TOKEN_PARAMETER = "GitHubTokenSecret";
    static final String GITHUB_FUNCTION = "GitHubDeploymentsFunction";

    /** How local mode runs; every setter returns the options. */
    public static final class Options {
        private Path home = Path.of(".");
        private Path template;
        private Path manifest;
        private URI endpoint;
        private int port = 4566;
        private String table = "harbourmaster";
        private LocalRegion region;
        private final List<String> failing = new ArrayList<>();
        private Duration settle = Duration.ofSeconds(2);
        private Duration poll = Duration.ofSeconds(1);
        private Duration sweepEvery = Duration.ofSeconds(30);
        private Duration stalledAfter = Duration.ofSeconds(45);
        private Duration streamCallTimeout = Duration.ofSeconds(15);
        private Path logFile;
        private Path motoLog;
        private PrintStream out = System.out;
        private String prefix = DEFAULT_PREFIX;
        private String busName = DEFAULT_BUS;
        private URI notificationUrl;
        private URI githubApiUrl;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        /** The Harbourmaster checkout: template.yaml, scripts/ (moto), .run/ (logs), examples/. */
        public Options home(Path value) { home = value; return this; }
        public Options template(Path value) { template = value; return this; }
        /** The manifest to apply (default: examples/harbourmaster.yml of the checkout). */
        public Options manifest(Path value) { manifest = value; return this; }
        /** An emulator that runs already; none (the default) starts moto on {@link #port}. */
        public Options endpoint(URI value) { endpoint = value; return this; }
        public Options port(int value) { port = value; return this; }
        public Options table(String value) { table = value; return this; }
        /** The region (default: chosen from this process's environment, as {@link LocalRegion#choose} says). */
        public Options region(LocalRegion value) { region = value; return this; }
        /** Services whose deployments fail from the start: SERVICE (every environment), ENV/SERVICE, or an ECS service name. */
        public Options fail(String service) { failing.add(service); return this; }
        /** How long a simulated deployment takes from IN_PROGRESS to its end. */
        public Options settle(Duration value) { settle = value; return this; }
        /** How often ECR and ECS are looked at. */
        public Options poll(Duration value) { poll = value; return this; }
        public Options sweepEvery(Duration value) { sweepEvery = value; return this; }
        /** How long a loop (a stream reader, the dispatcher, ...) may make no progress before local mode says so. */
        public Options stalledAfter(Duration value) { stalledAfter = value; return this; }
        /** How long a stream call may take, retries included, before the reader gives up on it and reads on afresh. */
        public Options streamCallTimeout(Duration value) { streamCallTimeout = value; return this; }
        public Options logFile(Path value) { logFile = value; return this; }
        public Options motoLog(Path value) { motoLog = value; return this; }
        /** Where the short lines for a person go (default System.out). */
        public Options out(PrintStream value) { out = value; return this; }
        /** The names of the rules and queues local mode makes start with this (default hm-local). */
        public Options prefix(String value) { prefix = value; return this; }
        /** The local name of the template's event bus (default harbourmaster-local). */
        public Options busName(String value) { busName = value; return this; }
        /**
         * Where the template's webhook rules (the notification API destination) post, in place of the
         * webhook of the secret (default: $HM_LOCAL_NOTIFICATION_URL; neither: no notifications).
         */
        public Options notificationUrl(URI value) { notificationUrl = value; return this; }
        /**
         * GitHub's API for the GitHub deployments (default: $HM_LOCAL_GITHUB_API_URL): given, local
         * mode runs the github-deployments function against it, as a stack with GitHubTokenSecret
         * would; never against api.github.com.
         */
        public Options githubApiUrl(URI value) { githubApiUrl = value; return this; }
        /** A template parameter as a stack would be given it, for what local mode reads of the template beyond the functions. */
        public Options parameter(String name, String value) { parameters.put(name, value); return this; }

        Path templateFile() { return template != null ? template : home.resolve("template.yaml"); }
        Path manifestFile() { return manifest != null ? manifest : home.resolve("examples/harbourmaster.yml"); }
        Path logPath() { return logFile != null ? logFile : home.resolve(".run/local.log"); }
        Path motoLogPath() { return motoLog != null ? motoLog : home.resolve(".run/local-moto.log"); }
        URI githubApiUrlOrEnvironment() {
            String variable = System.getenv(GITHUB_API_URL_VARIABLE);
            return githubApiUrl != null ? githubApiUrl : variable == null || variable.isBlank() ? null : URI.create(variable);
        }
        URI notificationUrlOrEnvironment() {
            String variable = System.getenv(NOTIFICATION_URL_VARIABLE);
            return notificationUrl != null ? notificationUrl : variable == null || variable.isBlank() ? null : URI.create(variable);
        }
    }

    private static final Duration DISPATCH_EVERY = Duration.ofMillis(200);
    private static final Duration STREAM_EVERY = Duration.ofMillis(250);
    private static final Duration STALLS_CHECKED_EVERY = Duration.ofSeconds(1);

    private final Options options;
    private final LocalRegion region;
    private final LocalLog localLog;
    private final Log log;
    private final List<ScheduledExecutorService> threads = new ArrayList<>();
    private final AtomicLong activity = new AtomicLong();
    private final Map<String, AtomicLong> ticks = new ConcurrentHashMap<>();
    private final StallWatch stalls;
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final Set<String> narratedRequests = ConcurrentHashMap.newKeySet();
    private MotoServer moto;
    private LocalClients clients;
    private EventPlumbing plumbing;
    private QueueDispatcher dispatcher;
    private final List<StreamPoller> pollers = new ArrayList<>();
    private EcsSimulator simulator;
    private Project project;
    private Map<String, LocalClients.Place> places = Map.of();
    private DynamoDbReleaseSets releaseSets;
    private String domainEventsQueueUrl;
    private WebhookSender webhooks;
    private Duration startup;
    private volatile boolean closed;

    private LocalMode(Options options, LocalRegion region, LocalLog localLog) {
        this.options = options;
        this.region = region;
        this.localLog = localLog;
        this.log = localLog.log();
        this.stalls = new StallWatch(options.stalledAfter);
    }

    /** Starts everything and returns once local mode is listening; on failure, stops what it started. */
    public static LocalMode start(Options options) {
        LocalRegion region;
        try {
            region = options.region != null ? options.region : LocalRegion.choose(null, System.getenv());
        } catch (IllegalArgumentException badRegion) {
            throw new LocalModeException(badRegion.getMessage(), badRegion);
        }
        LocalLog localLog;
        try {
            localLog = new LocalLog(options.logPath(), options.out);
        } catch (IOException e) {
            throw new LocalModeException("cannot write the log " + options.logPath() + ": " + e.getMessage(), e);
        }
        LocalMode mode = new LocalMode(options, region, localLog);
        try {
            mode.startAll();
            return mode;
        } catch (RuntimeException e) {
            mode.close();
            throw e;
        }
    }

    private void startAll() {
        Instant began = Instant.now();
        Project manifestProject = readManifest();
        TemplateWiring wiring;
        try {
            wiring = TemplateWiring.read(options.templateFile());
        } catch (IOException e) {
            throw new LocalModeException("cannot read the template " + options.templateFile() + ": " + e.getMessage(), e);
        }
        URI endpoint = options.endpoint;
        if (endpoint == null) {
            moto = MotoServer.start(options.home, options.port, options.motoLogPath());
            endpoint = moto.endpoint();
            log.info("moto server started").with("endpoint", endpoint.toString()).with("pid", moto.pid()).write();
        }
        clients = new LocalClients(endpoint, Region.of(region.name()), options.streamCallTimeout);
        log.info("local mode starting").with("endpoint", endpoint.toString()).with("region", region.name())
                .with("regionFrom", region.source()).with("table", options.table)
                .with("manifest", options.manifestFile().toString()).write();

        boolean tableExisted;
        try {
            tableExisted = tableExists();
        } catch (software.amazon.awssdk.core.exception.SdkClientException unreachable) {
            throw new LocalModeException("the emulator at " + endpoint + " does not answer (" + rootCause(unreachable)
                    + "): start one (scripts/moto.sh start), or leave out --endpoint and local mode starts its own",
                    unreachable);
        }
        try {
            TableFromTemplate.createIfMissing(clients.dynamo, options.templateFile(), options.table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        releaseSets = new DynamoDbReleaseSets(clients.dynamo, options.table);

        // The manifest's catalogue, exactly as `hm project apply` writes it, then its AWS world.
        new ProjectRegistration(new DynamoDbCatalogue(clients.dynamo, options.table),
                new DynamoDbBuildLedger(clients.dynamo, options.table)).apply(manifestProject);
        project = manifestProject;
        Map<String, String> repositoryUris = ManifestWorld.repositories(clients, project, log);
        String account = account();
        places = places(account);
        List<EcsSimulator.Watched> watched = ManifestWorld.create(places, project, repositoryUris, log);
        for (String failing : options.failing) {
            List<EcsSimulator.Watched> matches = resolveService(watched, failing);
            for (EcsSimulator.Watched service : matches) {
                EcsClient ecs = service.place().ecs();
                FailureSwitch.serviceArn(ecs, service.cluster(), service.ecsServiceName())
                        .ifPresent(arn -> FailureSwitch.set(ecs, arn, true));
                localLog.say("fail", service.environmentId() + "/" + service.serviceId() + " (" + service.key()
                        + "): its deployments fail until hm local heal");
            }
        }

        // The template's wiring, on the emulator and in this process.
        Map<String, String> refs = references(wiring, account);
        URI github = gitHubDeployments(refs);
        if (github != null) {
            wiring = wiring.withOptionalFunction(GITHUB_FUNCTION, refs);
        }
        LocalFunctions functions = new LocalFunctions(clients, localLog.logs());
        Map<String, Object> handlers = new LinkedHashMap<>();
        for (TemplateWiring.Function function : wiring.functions()) {
            Map<String, String> environment = new LinkedHashMap<>(wiring.environment(function.logicalId(), refs));
            environment.put("AWS_REGION", region.name()); // as Lambda sets it
            if (function.logicalId().equals(GITHUB_FUNCTION)) {
                environment.put("GITHUB_API_URL", github.toString());
            }
            try {
                handlers.put(function.logicalId(), functions.create(function.logicalId(), function.handlerClass(),
                        environment));
            } catch (IllegalStateException unknown) {
                localLog.say("warning", unknown.getMessage() + ": its events are not delivered");
                log.warn("function not run locally").with("function", function.logicalId())
                        .with("reason", unknown.getMessage()).write();
            }
            if (!function.notFed().isEmpty()) {
                localLog.say("warning", function.logicalId() + ": local mode does not feed " + function.notFed());
            }
        }
        plumbing = new EventPlumbing(clients, log);
        wiring.eventBuses().forEach(id -> plumbing.createBus(refs.get(id)));
        List<QueueDispatcher.Feed> feeds = new ArrayList<>();
        for (TemplateWiring.RuleEvent rule : wiring.rules()) {
            Object handler = handlers.get(rule.functionId());
            if (handler instanceof LocalFunctions.StreamHandler streamHandler) {
                String bus = rule.eventBus() == null ? EventPlumbing.DEFAULT_BUS
                        : wiring.resolve(rule.eventBus(), refs, rule.functionId() + " event " + rule.eventName() + " EventBusName");
                feeds.add(new QueueDispatcher.Feed(plumbing.route(rule, rule.name(options.prefix), bus), streamHandler));
            }
        }
        if (!wiring.eventBuses().isEmpty()) {
            domainEventsQueueUrl = plumbing.route(null, options.prefix + "-domain-events",
                    refs.get(wiring.eventBuses().get(0)), EventPlumbing.DOMAIN_EVENTS_PATTERN).queueUrl();
        }
        webhooks = webhookSender(wiring, refs, account);
        forwardEcsEvents(wiring, account);
        boolean oneAccount = places.values().stream().allMatch(p -> p.account().equals(account));
        dispatcher = new QueueDispatcher(clients, feeds, localLog, activity, oneAccount ? account : null);

        for (TemplateWiring.StreamEvent event : wiring.streams()) {
            if (handlers.get(event.functionId()) instanceof LocalFunctions.StreamBatchHandler handler) {
                // A table that was there before is read from now on, as a subscription that existed would
                // go on from its checkpoint; a new one from where the template says (TRIM_HORIZON).
                ShardIteratorType position = tableExisted || "LATEST".equals(event.startingPosition())
                        ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
                TableStream stream = new TableStream(clients.dynamo, clients.streams, options.table, position)
                        .onNotice(notice -> {
                            localLog.say("stream", event.functionId() + "'s reader: " + notice);
                            log.warn("stream reader recovered").with("function", event.functionId())
                                    .with("notice", notice).write();
                        });
                pollers.add(new StreamPoller(event, handler, stream, localLog, activity, this::narrateRequest));
            }
        }

        EcrWatcher ecr = new EcrWatcher(clients, localLog, activity);
        ecr.seed();
        ScheduledExecutorService ecsThread = thread("ecs");
        simulator = new EcsSimulator(clients, watched, options.settle, localLog, activity, ecsThread);
        simulator.seed();

        every("the event dispatcher", thread("dispatch"), DISPATCH_EVERY, dispatcher::dispatchOnce);
        for (StreamPoller poller : pollers) {
            every("the stream reader of " + poller.functionId(), thread("stream-" + poller.functionId()), STREAM_EVERY,
                    poller::pollOnce);
        }
        every("the ECR watcher", thread("ecr"), options.poll, ecr::watchOnce);
        every("the ECS simulator", ecsThread, options.poll, simulator::pollOnce);
        if (webhooks != null) {
            every("the notification sender", thread("notify"), DISPATCH_EVERY, webhooks::sendOnce);
        }
        thread("stall-watch").scheduleWithFixedDelay(this::sayStalls, STALLS_CHECKED_EVERY.toMillis(),
                STALLS_CHECKED_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        for (TemplateWiring.ScheduleEvent schedule : wiring.schedules()) {
            if (handlers.get(schedule.functionId()) instanceof LocalFunctions.StreamHandler handler) {
                ScheduledExecutorService sweeper = thread("schedule-" + schedule.functionId());
                sweeper.scheduleWithFixedDelay(guarded("schedule " + schedule.functionId(),
                                () -> { runScheduled(schedule, handler); return false; }),
                        options.sweepEvery.toMillis(), options.sweepEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        startup = Duration.between(began, Instant.now());
        log.info("local mode started").with("endpoint", endpoint.toString()).with("startupMs", startup.toMillis()).write();
    }

    /**
     * The template's webhook rules, posting to the notification URL when one is given: the rule of
     * the stack's notifications exists then as with a secret named (its URL is the one given), and
     * with the parameters given (format, NotifyOn, dashboard link). Every event on the bus reaches a
     * queue; the sender matches each against the rules' patterns itself.
     */
    private WebhookSender webhookSender(TemplateWiring wiring, Map<String, String> refs, String account) {
        URI url = options.notificationUrlOrEnvironment();
        if (url == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>(refs);
        values.put("AWS::StackName", options.busName);
        values.put("AWS::Region", region.name());
        values.put("AWS::Partition", partitionOf(region.name()));
        values.put("AWS::URLSuffix", "amazonaws.com");
        values.put(WEBHOOK_SECRET_PARAMETER, "hm-local/notification-webhook");
        values.putAll(options.parameters);
        List<WebhookRules.WebhookRule> rules = wiring.webhookRules(values);
        if (rules.isEmpty()) {
            localLog.say("warning", "a notification URL was given, but the template has no rule whose target is an API destination");
            return null;
        }
        String bus = options.busName;
        String queueUrl = plumbing.route(null, options.prefix + "-notifications", bus, EventPlumbing.DOMAIN_EVENTS_PATTERN).queueUrl();
        localLog.say("notify", String.join(", ", rules.stream().map(WebhookRules.WebhookRule::logicalId).toList())
                + ": what the API destination would post goes to " + url);
        return new WebhookSender(clients, queueUrl, rules, url,
                "arn:" + partitionOf(region.name()) + ":events:" + region.name() + ":" + account + ":rule/" + bus + "/", log, activity);
    }

    /**
     * Where each environment's ECS is (environment id → place), its placement normalized against the
     * stack's own account and region, as the functions normalize it; said once for each place
     * elsewhere, with a warning where the emulator would not reach what the manifest says.
     */
    private Map<String, LocalClients.Place> places(String account) {
        Map<String, LocalClients.Place> byEnvironment = new LinkedHashMap<>();
        for (Environment environment : project.environments()) {
            Placement placement = environment.placement().normalized(account, region.name());
            LocalClients.Place place = clients.at(placement, account);
            byEnvironment.put(environment.id(), place);
            if (place.isHome()) {
                continue;
            }
            localLog.say("account", environment.id() + ": ECS in " + place.describe()
                    + (placement.roleArn() != null ? ", reached as " + placement.roleArn() : "")
                    + "; its ECS events are forwarded to the stack's default bus (" + account + ", " + region.name()
                    + "), as the spoke stack's rules do");
            if (placement.roleArn() == null && !account.equals(place.account())) {
                localLog.say("warning", environment.id() + " names account " + place.account() + " but no roleArn:"
                        + " Harbourmaster reaches it with its own credentials, which act in " + account
                        + " (as on AWS, where ECS answers in the caller's account); give the environment a roleArn");
            }
            log.info("environment elsewhere").with("environment", environment.id()).with("account", place.account())
                    .with("region", place.region()).with("roleArn", placement.roleArn()).write();
        }
        return byEnvironment;
    }

    /** The other accounts and regions the manifest's environments are in, as TrustedAccountRegions lists them. */
    private String trustedAccountRegions() {
        return places.values().stream().filter(p -> !p.isHome()).map(LocalClients.Place::toString).distinct()
                .collect(Collectors.joining(","));
    }

    /**
     * What a spoke stack does in each other account and region: every template rule on the default
     * bus that takes ECS events gets a twin on that account's default bus, narrowed to the
     * environments' clusters there, forwarding to the stack's default bus. The simulator publishes
     * each environment's ECS events where its ECS is, so the functions get them as the spoke forwards
     * them: the envelope's account and region the workload's.
     */
    private void forwardEcsEvents(TemplateWiring wiring, String account) {
        String partition = partitionOf(region.name());
        String hubBus = "arn:" + partition + ":events:" + region.name() + ":" + account + ":event-bus/" + EventPlumbing.DEFAULT_BUS;
        Map<LocalClients.Place, List<String>> clusters = new LinkedHashMap<>();
        for (Environment environment : project.environments()) {
            LocalClients.Place place = places.get(environment.id());
            if (!place.isHome()) {
                clusters.computeIfAbsent(place, p -> new ArrayList<>()).add(environment.cluster());
            }
        }
        clusters.forEach((place, names) -> {
            for (TemplateWiring.RuleEvent rule : wiring.rules()) {
                if (rule.eventBus() == null && EventPlumbing.hasSource(rule.pattern().json(), EcsEvents.SOURCE)) {
                    plumbing.forward(place, rule, options.prefix + "-spoke-" + rule.functionId() + "-" + rule.eventName(),
                            EventPlumbing.spokePattern(rule.pattern().json(), names), hubBus);
                }
            }
        });
    }

    private static String partitionOf(String regionName) {
        var metadata = Region.of(regionName).metadata();
        return metadata == null ? "aws" : metadata.partition().id();
    }

    /** The emulator's account id: the registry id of the manifest's repositories. */
    private String account() {
        return clients.ecr.describeRepositories(b -> b.repositoryNames(project.repositories().iterator().next()))
                .repositories().get(0).registryId();
    }

    private Project readManifest() {
        try {
            return new ManifestParser().parse(options.manifestFile());
        } catch (ManifestException e) {
            throw new LocalModeException(e.getMessage() + System.lineSeparator() + "Fix the manifest (-f) and start again.", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }

    private boolean tableExists() {
        try {
            clients.dynamo.describeTable(b -> b.tableName(options.table));
            return true;
        } catch (ResourceNotFoundException missing) {
            return false;
        }
    }

    /** What the template's !Ref names locally: its tables and the TableName parameter, its buses, the account. */
    /**
     * The GitHub deployments, when a GitHub stand-in is given ($HM_LOCAL_GITHUB_API_URL or the
     * option), as with the parameter GitHubTokenSecret (given, or "hm-local/github-token"): the
     * secret is made in the emulator (holding $HM_LOCAL_GITHUB_TOKEN or "hm-local-github-token"),
     * and the parameter and NotificationDashboardUrl join {@code refs}. Null when off.
     */
    private URI gitHubDeployments(Map<String, String> refs) {
        URI api = options.githubApiUrlOrEnvironment();
        String secret = options.parameters.getOrDefault(GITHUB_TOKEN_PARAMETER, api == null ? "" : "hm-local/github-token");
        if (secret.isBlank()) {
            return null;
        }
        if (api == null) {
            localLog.say("warning", GITHUB_TOKEN_PARAMETER + " is given but no GitHub stand-in ($" + GITHUB_API_URL_VARIABLE
                    + "): the GitHub deployments are not run locally (they would call api.github.com)");
            return null;
        }
        String variable = System.getenv(GITHUB_TOKEN_VARIABLE);
        String token = variable == null || variable.isBlank() ? "hm-local-github-token" : variable;
        try {
            clients.secrets.createSecret(b -> b.name(secret).secretString(token));
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException e) {
            clients.secrets.putSecretValue(b -> b.secretId(secret).secretString(token));
        }
        refs.put(GITHUB_TOKEN_PARAMETER, secret);
        String dashboard = options.parameters.get("NotificationDashboardUrl");
        if (dashboard != null) {
            refs.put("NotificationDashboardUrl", dashboard);
        }
        localLog.say("github", "GitHub deployments of release sets go to " + api + " (token in secret " + secret + ")");
        return api;
    }

    private Map<String, String> references(TemplateWiring wiring, String account) {
        Map<String, String> refs = new LinkedHashMap<>();
        wiring.tables().forEach(id -> refs.put(id, options.table));
        refs.put("TableName", options.table);
        refs.put("AWS::AccountId", account);
        // As an operator sets the parameter for a manifest with environments elsewhere (empty: the template's default).
        String trusted = trustedAccountRegions();
        if (!trusted.isEmpty()) {
            refs.put("TrustedAccountRegions", trusted);
        }
        List<String> buses = wiring.eventBuses();
        for (int i = 0; i < buses.size(); i++) {
            refs.put(buses.get(i), i == 0 ? options.busName : options.busName + "-" + buses.get(i));
        }
        return refs;
    }

    private List<EcsSimulator.Watched> resolveService(List<EcsSimulator.Watched> watched, String name) {
        List<EcsSimulator.Watched> matches = watched.stream().filter(w -> w.serviceId().equals(name)
                || (w.environmentId() + "/" + w.serviceId()).equals(name) || w.ecsServiceName().equals(name)).toList();
        if (matches.isEmpty()) {
            List<String> names = watched.stream().map(w -> w.environmentId() + "/" + w.serviceId()).toList();
            List<String> close = new ArrayList<>(names);
            watched.stream().map(EcsSimulator.Watched::serviceId).distinct().forEach(close::add);
            throw new LocalModeException("--fail " + name + ": no such service in " + project.id() + "; give SERVICE, "
                    + "ENV/SERVICE or the ECS service name, one of: " + String.join(", ", names)
                    + Suggest.didYouMean(name, close));
        }
        return matches;
    }

    private void runScheduled(TemplateWiring.ScheduleEvent schedule, LocalFunctions.StreamHandler handler) throws IOException {
        String event = Json.MAPPER.createObjectNode()
                .put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", "Scheduled Event")
                .put("source", "aws.events").put("time", Times.format(Instant.now())).put("region", region.name())
                .set("detail", Json.MAPPER.createObjectNode()).toString();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handler().handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer,
                new LocalContext(schedule.functionId(), localLog.logs(), INVOCATION_TIMEOUT_MILLIS));
    }

    private void narrateRequest(String functionId, DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        if (keys == null || keys.get("PK") == null || keys.get("SK") == null) {
            return;
        }
        Optional<String> id = DynamoDbReleaseSets.releaseSetIdOf(keys.get("PK").getS(), keys.get("SK").getS());
        if (id.isEmpty() || narratedRequests.contains(id.get())) {
            return;
        }
        try {
            releaseSets.releaseSet(id.get()).filter(set -> set.status() == ReleaseSetStatus.REQUESTED).ifPresent(set -> {
                if (narratedRequests.add(set.id())) {
                    localLog.say("request", "release set " + set.id() + " " + set.projectId() + "/" + set.environmentId()
                            + " by " + set.requestedBy() + (set.requestedByArn() == null || set.requestedByArn().equals(set.requestedBy())
                            ? "" : " (" + set.requestedByArn() + ")") + ": " + describe(set));
                }
            });
        } catch (RuntimeException e) {
            // narration only
        }
    }

    private static String describe(ReleaseSet set) {
        return String.join(", ", set.releases().stream()
                .map(r -> r.serviceId() + " " + LocalLog.Text.shortHash(r.releaseHash())).toList());
    }

    private ScheduledExecutorService thread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hm-local-" + name);
            thread.setDaemon(true);
            return thread;
        });
        threads.add(executor);
        return executor;
    }

    /** Runs {@code tick} on {@code thread} every {@code period} (after the previous one ended), watched for stalls. */
    private void every(String name, ScheduledExecutorService thread, Duration period, BooleanSupplier tick) {
        ticks.put(name, new AtomicLong());
        stalls.watch(name, Instant.now());
        thread.scheduleWithFixedDelay(guarded(name, () -> tick.getAsBoolean()), 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private interface Tick {
        boolean run() throws Exception;
    }

    private Runnable guarded(String name, Tick tick) {
        return () -> {
            if (closed) {
                return;
            }
            try {
                tick.run();
                lastErrors.remove(name);
                stalls.progressed(name, Instant.now());
            } catch (Throwable e) {
                // Said once per kind of trouble, not every tick: a stopped emulator would fill the screen.
                String error = String.valueOf(e);
                stalls.failed(name, error);
                if (!error.equals(lastErrors.put(name, error)) && !closed) {
                    log.error(name + " failed; trying again").with("error", error).write();
                }
            } finally {
                AtomicLong count = ticks.get(name);
                if (count != null) {
                    count.incrementAndGet();
                }
            }
        };
    }

    private void sayStalls() {
        if (closed) {
            return;
        }
        for (StallWatch.Notice notice : stalls.check(Instant.now())) {
            localLog.say(notice.stalled() ? "stalled" : "resumed", notice.text());
            // WARN, not ERROR: local mode says ERROR lines again on the terminal.
            (notice.stalled() ? log.warn("local mode loop stalled") : log.info("local mode loop goes on"))
                    .with("loop", notice.loop()).with("notice", notice.text()).write();
        }
    }

    /** The emulator's address. */
    public URI endpoint() {
        return clients.endpoint;
    }

    public LocalRegion region() {
        return region;
    }

    public String tableName() {
        return options.table;
    }

    public Project project() {
        return project;
    }

    /** The queue that receives every event Harbourmaster publishes on its bus (a rule with source "harbourmaster"). */
    public String domainEventsQueueUrl() {
        return domainEventsQueueUrl;
    }

    public String eventBusName() {
        return options.busName;
    }

    public Duration startupTime() {
        return startup;
    }

    public Path logFile() {
        return options.logPath();
    }

    /** Called with every JSON log line the handlers and local mode write (tests and the demo can wait on them). */
    public void onLogLine(Consumer<JsonNode> listener) {
        localLog.onLine(listener);
    }

    /** The environment a shell (or any AWS client) needs to reach this local mode, as NAME=VALUE. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint().toString());
        environment.put("AWS_REGION", region.name());
        environment.put("AWS_DEFAULT_REGION", region.name());
        environment.put("AWS_ACCESS_KEY_ID", LocalClients.TEST_ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalClients.TEST_SECRET_KEY);
        environment.put("HM_TABLE", options.table);
        return environment;
    }

    /**
     * Waits until nothing is going on: every stand-in queue empty, no stream record waiting for a
     * function, no simulated deployment playing, no release set in flight in any of the manifest's
     * environments, and that still so after every poller looked again twice.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            long before = activity.get();
            if (quiet()) {
                Map<String, Long> seen = new LinkedHashMap<>();
                ticks.forEach((name, count) -> seen.put(name, count.get()));
                while (Instant.now().isBefore(deadline)
                        && seen.entrySet().stream().anyMatch(e -> ticks.get(e.getKey()).get() < e.getValue() + 2)) {
                    sleep(50);
                }
                if (activity.get() == before && quiet()) {
                    return true;
                }
            } else {
                sleep(100);
            }
        }
        return false;
    }

    private boolean quiet() {
        if (dispatcher.waiting() > 0 || simulator.playing() > 0 || pollers.stream().anyMatch(p -> p.pending() > 0)) {
            return false;
        }
        if (simulator.waitingForPeople() > 0) {
            return true;  // a set held at a pause hook stays in flight until someone answers: nothing else moves
        }
        for (Environment environment : project.environments()) {
            if (releaseSets.gate(project.id(), environment.id()).inFlightReleaseSetId().isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Lines for a person: what to paste into a shell, and what to try. */
    public List<String> banner() {
        List<String> lines = new ArrayList<>();
        StringBuilder export = new StringBuilder("export");
        environment().forEach((name, value) -> export.append(' ').append(name).append('=').append(value));
        String staging = project.environments().stream().filter(Environment::autoDeploy).map(Environment::id)
                .findFirst().orElse(project.environments().get(0).id());
        String repository = project.repositories().iterator().next();
        String service = project.services().filter(s -> s.containers().size() == 1).findFirst()
                .orElse(project.services().findFirst().orElseThrow()).id();
        lines.add("Harbourmaster local mode is up (" + (moto != null ? "moto pid " + moto.pid() + ", " : "")
                + "started in " + String.format("%.1f", startup.toMillis() / 1000.0) + " s), region " + region
                + ". In another shell:");
        lines.add("");
        lines.add("  " + export);
        lines.add("");
        lines.add("Then try:");
        lines.add("  " + Shell.command("bin/hm", "project", "show", "--project", project.id()));
        lines.add("  " + Shell.command(".venv/moto/bin/python", "scripts/local-push.py", repository, "ref.3f9c2ab")
                + "     (a push, with boto3; any AWS client works)");
        lines.add("  " + Shell.command("bin/hm", "status", "--project", project.id())
                + "          (" + staging + " deploys itself: autoDeploy)");
        lines.add("  " + Shell.command("bin/hm", "history", "--project", project.id()));
        lines.add("  " + Shell.command("bin/hm", "local", "fail", "--project", project.id(), "--env", staging,
                "--service", service)
                + "   (its next deployment fails and ECS rolls it back; hm local heal undoes it)");
        List<String> elsewhere = project.environments().stream().filter(e -> !places.get(e.id()).isHome())
                .map(e -> e.id() + " in " + places.get(e.id()).account()).toList();
        if (!elsewhere.isEmpty()) {
            lines.add("  " + Shell.command(".venv/moto/bin/python", "scripts/local-accounts.py", "--project", project.id())
                    + "   (" + String.join(", ", elsewhere) + ": what ECS runs in each account, seen with its own credentials)");
        }
        if (domainEventsQueueUrl != null) {
            lines.add("  aws sqs receive-message --queue-url " + domainEventsQueueUrl + "   (the domain events)");
        }
        lines.add("Log: " + options.logPath() + (moto != null ? "; moto's: " + options.motoLogPath() : "")
                + ". Ctrl-C stops everything" + (moto != null ? ", moto included" : "") + ".");
        return lines;
    }

    /** Stops the pollers and the handlers, removes the rules and queues it made, and stops its moto. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.forEach(ScheduledExecutorService::shutdownNow);
        for (ScheduledExecutorService thread : threads) {
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (moto == null && plumbing != null) {
            plumbing.removeAll();
        }
        if (clients != null) {
            clients.close();
        }
        if (moto != null) {
            moto.close();
            log.info("moto server stopped").with("pid", moto.pid()).write();
        }
        log.info("local mode stopped").write();
        localLog.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalModeException("interrupted");
        }
    }
}
