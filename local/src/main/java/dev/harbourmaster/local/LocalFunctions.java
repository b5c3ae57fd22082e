package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.domainevents.DomainEventsConfig;
import dev.harbourmaster.domainevents.DomainEventsHandler;
import dev.harbourmaster.domainevents.DomainEventsWiring;
import dev.harbourmaster.domainevents.EmbeddedMetrics;
import dev.harbourmaster.githubdeployments.GitHubDeploymentsConfig;
import dev.harbourmaster.githubdeployments.GitHubDeploymentsHandler;
import dev.harbourmaster.githubdeployments.GitHubDeploymentsWiring;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.RecorderConfig;
import dev.harbourmaster.recorder.RecorderWiring;
import dev.harbourmaster.recorder.SweeperHandler;
import dev.harbourmaster.support.Log;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * The real handlers, built as their no-argument constructors build them for Lambda, but through
 * their injecting constructors: configuration from the environment template.yaml gives the function
 * (not this process's), clients pointed at the emulator, and logs into local mode's log file.
 * Keyed by the handler class that the template's {@code Handler} names.
 */
final class LocalFunctions {

    /** A handler Lambda invokes with the event's JSON (EventBridge targets, schedules). */
    record StreamHandler(String functionId, RequestStreamHandler handler) {}

    /** A handler Lambda invokes with a batch of table-stream records. */
    record StreamBatchHandler(String functionId, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {}

    private final LocalClients clients;
    private final PrintStream logs;

    LocalFunctions(LocalClients clients, PrintStream logs) {
        this.clients = clients;
        this.logs = logs;
    }

    /**
     * @return a {@link StreamHandler} or {@link StreamBatchHandler}
     * @throws IllegalStateException for a handler class local mode does not know how to build
     */
    Object create(String functionId, String handlerClass, Map<String, String> environment) {
        return switch (handlerClass) {
            case "dev.harbourmaster.buildrecorder.BuildRecorderHandler" -> {
                BuildRecorderConfig config = BuildRecorderConfig.fromEnvironment(environment);
                yield new StreamHandler(functionId, new BuildRecorderHandler(BuildRecorderWiring.of(config, clients.dynamo, clients.ecr)
                        .withLog(log("build-recorder")).pushRecorder()));
            }
            case "dev.harbourmaster.deployer.DeployerHandler" -> {
                DeployerConfig config = DeployerConfig.fromEnvironment(environment);
                yield new StreamBatchHandler(functionId, new DeployerHandler(
                        DeployerWiring.of(config, clients.dynamo, clients.ecs).deployer(), log("deployer")));
            }
            case "dev.harbourmaster.recorder.EcsEventHandler" -> {
                RecorderConfig config = RecorderConfig.fromEnvironment(environment);
                yield new StreamHandler(functionId, new EcsEventHandler(RecorderWiring.of(config, clients.dynamo, clients.ecs)
                        .withLog(log("deployment-recorder")).ecsEvents()));
            }
            case "dev.harbourmaster.recorder.SweeperHandler" -> {
                RecorderConfig config = RecorderConfig.fromEnvironment(environment);
                Log log = log("sweeper");
                yield new StreamHandler(functionId, new SweeperHandler(RecorderWiring.of(config, clients.dynamo, clients.ecs)
                        .withLog(log).sweeper(), log));
            }
            case "dev.harbourmaster.domainevents.DomainEventsHandler" -> {
                DomainEventsConfig config = DomainEventsConfig.fromEnvironment(environment);
                yield new StreamBatchHandler(functionId, new DomainEventsHandler(DomainEventsWiring.of(config, clients.dynamo, clients.events)
                        .withOutput(new EmbeddedMetrics(config.metricsNamespace(), logs, Instant::now), log("domain-events"))
                        .domainEvents()));
            }
            case "dev.harbourmaster.githubdeployments.GitHubDeploymentsHandler" -> {
                GitHubDeploymentsConfig config = GitHubDeploymentsConfig.fromEnvironment(environment);
                yield new StreamBatchHandler(functionId, new GitHubDeploymentsHandler(
                        GitHubDeploymentsWiring.of(config, clients.dynamo, clients.secrets).withLog(log("github-deployments"))
                                .gitHubDeployments()));
            }
            default -> throw new IllegalStateException("template.yaml names handler " + handlerClass + " for "
                    + functionId + ", which local mode does not know how to build: add it to LocalFunctions");
        };
    }

    private Log log(String logger) {
        return new Log(logger, logs, Instant::now);
    }
}
