package dev.harbourmaster.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.recorder.NotRecordedYetException;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Fixtures;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Drill 3: duplicates, reordering and malformed events by the thousand, from a seeded generator
 * over the fixtures in events/, through each handler on moto. No handler may crash on them (throw,
 * or fail a stream batch for a record that can never succeed), no record may go backwards (a
 * deployment that ended never returns to IN_PROGRESS, a set that ended never changes its status),
 * and nothing valid may be lost (every push recorded once with its release and one auto-deploy set;
 * every set rolled exactly once; every deployment ends as the clean story says).
 */
class MalformedEventsDrillIT extends DrillBase {

    private static final List<String> ECR_FIXTURES = List.of("ecr-push-success.json", "ecr-push-second-tag.json",
            "ecr-push-failure.json", "ecr-push-malformed.json", "ecr-push-no-release-hash.json", "ecr-push-truncated.json",
            "ecr-push-unknown-repository.json", "ecr-delete.json");
    private static final List<String> STREAM_FIXTURES = List.of("dynamodb-stream-release-set-requested.json",
            "dynamodb-stream-duplicate.json", "dynamodb-stream-keys-only-insert.json", "dynamodb-stream-locked-environment.json",
            "dynamodb-stream-malformed.json", "dynamodb-stream-release-set-in-progress.json");
    /** ECS fixtures whose valid reading agrees with a deployment that succeeds: any damage may be done to them. */
    private static final List<String> ECS_SUCCESS_FIXTURES = List.of("ecs-deployment-in-progress.json", "ecs-task-running.json",
            "ecs-deployment-completed.json", "ecs-task-pending.json", "ecs-service-action-steady-state.json",
            "ecs-event-malformed.json", "ecs-deployment-missing-fields.json", "ecs-unknown-event.json");
    /** ECS fixtures that tell another story (a failure): only damage that leaves nothing readable. */
    private static final List<String> ECS_OTHER_FIXTURES = List.of("ecs-deployment-failed.json", "ecs-task-stopped.json",
            "ecs-deployment-rollback-in-progress.json", "ecs-task-running-other-digest.json",
            "ecs-service-action-placement-failure.json", "ecs-service-action-task-start-impaired.json");
    private static final String FIXTURE_SET_ID = "01M7W7GQ404KJVZA5S5YPG0MWZ";


    @Test
    void buildRecorder() {
        Tally tally = new Tally("3 duplicates, reordering, malformed events", "build-recorder (ECR pushes)");
        Random random = new Random(Tally.SEED);
        Mutator mutator = new Mutator(random);
        Pipeline pipeline = new Pipeline(moto(), moto());
        int pushes = Tally.size(8, 60);
        int malformed = Tally.size(40, 900);
        List<String> hashes = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < pushes; i++) {
            String hash = String.format("%07x", 0xf000000 + i);
            hashes.add(hash);
            String event = pipeline.pushEvent(hash);
            for (int copy = 1 + random.nextInt(3); copy > 0; copy--) {
                events.add(event);
            }
        }
        List<String> damaged = new ArrayList<>();
        for (int i = 0; i < malformed; i++) {
            Mutator.Mutant mutant = mutator.mutate(Fixtures.event(ECR_FIXTURES.get(random.nextInt(ECR_FIXTURES.size()))));
            tally.count("malformed: " + mutant.kind());
            damaged.add(mutant.json());
        }
        events.addAll(damaged);
        Collections.shuffle(events, random);
        tally.count("events delivered", events.size());
        AtomicInteger crashes = new AtomicInteger();
        for (String event : events) {
            try {
                tally.count("outcome " + pipeline.buildRecorder.handle(event));
            } catch (RuntimeException e) {
                crashes.incrementAndGet();
                tally.lost("build-recorder threw on " + abbreviate(event) + ": " + e);
            }
        }
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(pipeline.setupDynamo, pipeline.table);
        List<ReleaseSet> sets = pipeline.releaseSets.releaseSets("catalogue", "staging", 1000);
        var releases = ledger.releases("catalogue", Pipeline.SERVICE, 1000);
        for (String hash : hashes) {
            long releaseCount = releases.stream().filter(r -> r.releaseHash().equals(hash)).count();
            long setCount = sets.stream().filter(s -> s.releases().get(0).releaseHash().equals(hash)).count();
            if (releaseCount == 1 && setCount == 1) {
                tally.survived();
            } else {
                tally.lost("push " + hash + ": " + releaseCount + " releases and " + setCount + " auto-deploy sets (want 1 and 1)");
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    @Test
    void deployerStreamBatches() throws Exception {
        Tally tally = new Tally("3 duplicates, reordering, malformed events", "deployer (stream batches)");
        Random random = new Random(Tally.SEED + 1);
        Mutator mutator = new Mutator(random);
        Pipeline pipeline = new Pipeline(moto(), moto());
        AtomicInteger updateServices = new AtomicInteger();
        pipeline.cut = (phase, operation) -> {
            if (phase.equals("before") && operation.equals("Ecs:UpdateService")) {
                updateServices.incrementAndGet();
            }
        };
        var serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, getClass().getClassLoader());
        int sets = Tally.size(2, 12);
        int batches = Tally.size(6, 30);
        for (int trial = 0; trial < sets; trial++) {
            String hash = String.format("%07x", 0xf100000 + trial);
            pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
            ReleaseSet set = pipeline.stagingSetOf(hash).orElseThrow();
            int rolledBefore = updateServices.get();
            ReleaseSetStatus seen = ReleaseSetStatus.REQUESTED;
            for (int batch = 0; batch < batches; batch++) {
                List<JsonNode> records = new ArrayList<>();
                for (int n = 1 + random.nextInt(10); n > 0; n--) {
                    String fixture = STREAM_FIXTURES.get(random.nextInt(STREAM_FIXTURES.size()));
                    String json = Fixtures.event(fixture);
                    if (random.nextBoolean()) {
                        json = json.replace(FIXTURE_SET_ID, set.id()); // about the real set
                    }
                    boolean damage = random.nextInt(3) == 0;
                    if (damage) {
                        Mutator.Mutant mutant = mutator.mutate(json, List.of("wrong type", "missing field").get(random.nextInt(2)));
                        tally.count("records damaged: " + mutant.kind());
                        json = mutant.json();
                    }
                    JsonNode parsed = Json.MAPPER.readTree(json).path("Records");
                    parsed.forEach(records::add);
                }
                Collections.shuffle(records, random);
                String batchJson = "{\"Records\": " + Json.MAPPER.writeValueAsString(records) + "}";
                DynamodbEvent event;
                try {
                    event = serializer.fromJson(batchJson);
                } catch (RuntimeException refused) {
                    tally.count("batches the Lambda runtime could not deserialize (never reach the handler)");
                    continue;
                }
                tally.count("records delivered", records.size());
                try {
                    StreamsEventResponse response = pipeline.deployer.handleRequest(event, null);
                    if (!Pipeline.succeeded(response)) {
                        tally.lost("batch failed (Lambda would retry it forever): " + abbreviate(batchJson));
                        continue;
                    }
                } catch (RuntimeException e) {
                    tally.lost("deployer threw on a batch: " + e + " " + abbreviate(batchJson));
                    continue;
                }
                ReleaseSetStatus now = pipeline.releaseSets.releaseSet(set.id()).orElseThrow().status();
                if (rank(now) < rank(seen)) {
                    tally.lost("set " + set.id() + " went back from " + seen + " to " + now);
                }
                seen = now;
                tally.survived();
            }
            int rolled = updateServices.get() - rolledBefore;
            List<Deployment> deployments = pipeline.releaseSets.deployments(set.id());
            if (rolled != 1 || deployments.size() != 1) {
                tally.lost("set " + set.id() + " rolled " + rolled + " times with " + deployments.size()
                        + " deployments (want once: the stream had its records at least once)");
            }
            for (Deployment d : deployments) { // end it, so the next set finds staging free
                if (d.ecsDeploymentId() != null) {
                    pipeline.successEvents(d).forEach(pipeline.recorder::handle);
                }
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    @Test
    void deploymentRecorder() {
        Tally tally = new Tally("3 duplicates, reordering, malformed events", "deployment-recorder (ECS events)");
        Random random = new Random(Tally.SEED + 2);
        Mutator mutator = new Mutator(random);
        Pipeline pipeline = new Pipeline(moto(), moto());
        int trials = Tally.size(2, 12);
        int malformed = Tally.size(40, 120);
        for (int trial = 0; trial < trials; trial++) {
            String hash = String.format("%07x", 0xf200000 + trial);
            pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
            ReleaseSet set = pipeline.stagingSetOf(hash).orElseThrow();
            pipeline.deployer.handleRequest(pipeline.streamRecordOf(set.id()), null);
            Deployment deployment = pipeline.releaseSets.deployments(set.id()).get(0);
            List<String> events = new ArrayList<>();
            for (String valid : pipeline.successEvents(deployment)) {
                for (int copy = 1 + random.nextInt(3); copy > 0; copy--) {
                    events.add(valid);
                }
            }
            for (int i = 0; i < malformed; i++) {
                boolean agrees = random.nextInt(3) > 0;
                List<String> from = agrees ? ECS_SUCCESS_FIXTURES : ECS_OTHER_FIXTURES;
                String json = pipeline.ecsEvent(from.get(random.nextInt(from.size())), deployment);
                Mutator.Mutant mutant = agrees ? mutator.mutate(json) : mutator.unreadable(json);
                tally.count("malformed: " + mutant.kind());
                events.add(mutant.json());
            }
            Collections.shuffle(events, random);
            Deque<String> queue = new ArrayDeque<>(events);
            DeploymentStatus seenDeployment = DeploymentStatus.IN_PROGRESS;
            ReleaseSetStatus seenSet = ReleaseSetStatus.IN_PROGRESS;
            int deliveries = 0;
            boolean crashed = false;
            while (!queue.isEmpty() && deliveries < 10 * events.size()) {
                String event = queue.poll();
                deliveries++;
                try {
                    Map<String, String> answer = pipeline.recorder.handle(event);
                    tally.count("outcome " + answer.get("outcome"));
                } catch (NotRecordedYetException later) {
                    tally.count("deferred and delivered again");
                    queue.add(event);
                    continue;
                } catch (RuntimeException e) {
                    tally.lost("recorder threw on " + abbreviate(event) + ": " + e);
                    crashed = true;
                    continue;
                }
                DeploymentStatus nowDeployment = pipeline.releaseSets.deployments(set.id()).get(0).status();
                ReleaseSetStatus nowSet = pipeline.releaseSets.releaseSet(set.id()).orElseThrow().status();
                if (seenDeployment.isFinal() && !nowDeployment.isFinal()) {
                    tally.lost("deployment went back from " + seenDeployment + " to " + nowDeployment);
                }
                if (seenSet.isFinal() && nowSet != seenSet) {
                    tally.lost("set went back from " + seenSet + " to " + nowSet);
                }
                if (seenDeployment.isFinal() && nowDeployment != seenDeployment) {
                    tally.count("deployment outcomes corrected by later evidence (" + seenDeployment + " -> " + nowDeployment + ")");
                }
                seenDeployment = nowDeployment;
                seenSet = nowSet;
            }
            tally.count("events delivered", deliveries);
            Deployment end = pipeline.releaseSets.deployments(set.id()).get(0);
            ReleaseSetStatus endSet = pipeline.releaseSets.releaseSet(set.id()).orElseThrow().status();
            boolean runs = pipeline.records.currentState("catalogue", "staging", Pipeline.SERVICE)
                    .map(row -> hash.equals(row.running().releaseHash())).orElse(false);
            if (!crashed && end.status() == DeploymentStatus.COMPLETED && endSet == ReleaseSetStatus.SUCCEEDED && runs) {
                tally.survived();
            } else if (!crashed) {
                tally.lost("storm " + trial + " ended " + end.status() + " (" + end.reason() + "), set " + endSet
                        + ", current state names it: " + runs + " (the clean story ends COMPLETED, SUCCEEDED, named)");
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    private static int rank(ReleaseSetStatus status) {
        return switch (status) {
            case REQUESTED -> 0;
            case QUEUED -> 1;
            case IN_PROGRESS -> 2;
            default -> 3;
        };
    }

    private static String abbreviate(String json) {
        String flat = json.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
