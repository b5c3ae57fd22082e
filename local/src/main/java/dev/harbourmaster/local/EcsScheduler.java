package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * ECS's own hands in one account and region, for the simulator: the events ECS publishes (on that
 * account's default bus, so the template's rules decide who hears them, and in a workload account
 * the spoke's rules forward them to the stack's), what its scheduler does to a service deployment (the
 * emulator's control, POST {@value #CONTROL_PATH}: no AWS API does that, see
 * scripts/moto_ecs_deployments.py), and the one thread all of it happens on, so that no step of one
 * deployment interleaves with a poll or another step.
 */
final class EcsScheduler {

    static final String CONTROL_PATH = "/_harbourmaster/ecs/service-deployment";

    private final LocalClients clients;
    private final LocalClients.Place place;
    private final Log log;
    private final AtomicLong activity;
    private final ScheduledExecutorService thread;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<EcsEvents.Container>> containersByTaskDefinition = new HashMap<>();

    EcsScheduler(LocalClients clients, LocalClients.Place place, Log log, AtomicLong activity, ScheduledExecutorService thread) {
        this.clients = clients;
        this.place = place;
        this.log = log;
        this.activity = activity;
        this.thread = thread;
    }

    /** The account and region this ECS is in. */
    LocalClients.Place place() {
        return place;
    }

    /** Runs the step after the delay on ECS's thread; a step that throws is logged, then {@code failed} runs. */
    void later(Duration delay, Runnable step, Runnable failed) {
        thread.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.error("ECS simulation step failed").with("error", String.valueOf(e)).write();
                failed.run();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void publish(PutEventsRequestEntry entry) {
        activity.incrementAndGet();
        log.info("ECS event published").with("account", place.account()).with("region", place.region())
                .with("detailType", entry.detailType()).with("detail", entry.detail()).write();
        for (PutEventsResultEntry result : place.events().putEvents(b -> b.entries(entry)).entries()) {
            if (result.errorCode() != null) {
                log.error("ECS event not accepted by EventBridge").with("error", result.errorCode() + ": "
                        + result.errorMessage()).write();
            }
        }
    }

    /** The service deployment as the API describes it now; empty when it has none or is unknown. */
    Optional<ServiceDeployment> serviceDeployment(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        return place.ecs().describeServiceDeployments(b -> b.serviceDeploymentArns(arn)).serviceDeployments().stream().findFirst();
    }

    /**
     * What ECS's scheduler does to the service deployment (fields as the control takes them: status,
     * statusReason, lifecycleStage, alarms, deploymentCircuitBreaker, hook, rollback); the service's
     * PRIMARY ECS deployment id after it, which a rollback changes. Null when there is no service deployment.
     */
    String move(String serviceDeploymentArn, Map<String, Object> change) {
        if (serviceDeploymentArn == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>(change);
        body.put("serviceDeploymentArn", serviceDeploymentArn);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(clients.endpoint + CONTROL_PATH))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the emulator refused " + body + ": HTTP " + answer.statusCode() + " "
                        + answer.body() + " (is it scripts/moto_server.py, with the service deployments API?)");
            }
            JsonNode id = Json.MAPPER.readTree(answer.body()).path("ecsDeploymentId");
            return id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            throw new IllegalStateException("the emulator's ECS control did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while moving " + serviceDeploymentArn, e);
        }
    }

    void runTasks(EcsEvents.ServiceRef ref, String taskDefinition, String deploymentId, List<EcsEvents.Container> containers,
                  int tasks, Instant created) {
        for (int i = 0; i < tasks; i++) {
            publish(EcsEvents.taskRunning(new EcsEvents.Task(ref, ref.newTaskArn(), taskDefinition, deploymentId, containers,
                    created), Instant.now()));
        }
    }

    /** Each task's essential container exits 1, as the failure switch says. */
    void failTasks(EcsEvents.ServiceRef ref, String taskDefinition, String deploymentId, List<EcsEvents.Container> containers,
                   int tasks, Instant created) {
        List<EcsEvents.Container> exited = containers.stream().map(c -> new EcsEvents.Container(c.name(), c.image(),
                1, "Container exited with code 1 (hm local: failure switch " + FailureSwitch.TAG + " is on)")).toList();
        for (int i = 0; i < Math.max(1, tasks); i++) {
            publish(EcsEvents.taskStopped(new EcsEvents.Task(ref, ref.newTaskArn(), taskDefinition, deploymentId, exited,
                    created), Instant.now()));
        }
    }

    List<EcsEvents.Container> containersOf(String taskDefinitionArn) {
        return containersByTaskDefinition.computeIfAbsent(taskDefinitionArn, arn -> {
            List<ContainerDefinition> definitions = place.ecs().describeTaskDefinition(b -> b.taskDefinition(arn))
                    .taskDefinition().containerDefinitions();
            return definitions.stream().map(d -> EcsEvents.Container.running(d.name(), d.image())).toList();
        });
    }
}
