package dev.harbourmaster.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ReleaseSetStatus;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Drill 1: AWS goes away in the middle of a job and comes back.
 *
 * <p><b>Unreachable</b> (the proxy goes dark): the functions' endpoint refuses connections, and cuts
 * open ones, at a chosen point of the job (before the push's transaction; after the claim, before
 * ECS; before RegisterTaskDefinition; after UpdateService, before the deployment is written down;
 * before the recorder's writes), for a brief outage (SDK retries may ride it out) or until the next
 * delivery (the invocation fails and Lambda delivers again). moto behind it keeps its state. Every
 * job must end: the set resumes and SUCCEEDS, or ends FAILED/PARTIAL with the reason, never stuck
 * IN_PROGRESS past the sweeper (run with a 5 s DEPLOYMENT_TIMEOUT).
 *
 * <p><b>Restarted</b> (a real moto process killed with SIGKILL after the claim and a fresh one started
 * on the same port): moto keeps nothing in memory across a restart, so this cannot show resumption.
 * It shows what it can: the invocation under way reports a failure (Lambda would retry it) rather
 * than success, and the same SDK clients (their pooled connections to the dead process) work
 * against the new process: a whole job there SUCCEEDS.
 */
class EmulatorOutageDrillIT extends DrillBase {

    private record Cut(String name, String phase, String operation, int occurrence) {}

    private static final List<Cut> CUTS = List.of(
            new Cut("push: before its transaction", "before", "DynamoDb:TransactWriteItems", 1),
            new Cut("deploy: after the claim, before ECS", "after", "DynamoDb:TransactWriteItems", 2),
            new Cut("deploy: before RegisterTaskDefinition", "before", "Ecs:RegisterTaskDefinition", 1),
            new Cut("deploy: after UpdateService, before the deployment is written", "after", "Ecs:UpdateService", 1),
            new Cut("record: before the first ECS event's write", "before", "DynamoDb:TransactWriteItems", 3),
            new Cut("record: before the completion's write", "before", "DynamoDb:TransactWriteItems", 5));


    @Test
    void aJobCutOffFromAwsAtAnyPointEndsAndLosesNothing() throws IOException {
        // Short (make test): three cuts, one each in the push-to-claim, the ECS calls and the recorder. Long: every cut twice.
        int trials = Tally.size(3, 2 * CUTS.size());
        Random random = new Random(Tally.SEED);
        Tally tally = new Tally("1 emulator stopped mid-deploy", "unreachable (proxy dark, moto keeps state)");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (FaultProxy proxy = new FaultProxy(moto(), Tally.SEED)) {
            Pipeline pipeline = new Pipeline(moto(), proxy.endpoint());
            for (int trial = 0; trial < trials; trial++) {
                Cut cut = Tally.LONG ? CUTS.get(trial % CUTS.size()) : CUTS.get(2 * trial + 1);
                boolean brief = (trial / CUTS.size()) % 2 == 1 || random.nextInt(3) == 0;
                long briefMillis = 300 + random.nextInt(1700);
                AtomicInteger seen = new AtomicInteger();
                pipeline.cut = (phase, operation) -> {
                    if (phase.equals(cut.phase()) && operation.equals(cut.operation())
                            && seen.incrementAndGet() == cut.occurrence()) {
                        proxy.dark();
                        if (brief) {
                            timer.schedule(proxy::light, briefMillis, TimeUnit.MILLISECONDS);
                        }
                    }
                };
                long callsBefore = pipeline.calls.get();
                long attemptsBefore = pipeline.attempts.get();
                Job.Outcome outcome = Job.run(pipeline, String.format("%07x", 0xa000000 + trial), proxy::light, tally);
                pipeline.cut = (phase, operation) -> { };
                proxy.light();
                tally.count("SDK retries", (pipeline.attempts.get() - attemptsBefore) - (pipeline.calls.get() - callsBefore));
                String where = cut.name() + (brief ? " (" + briefMillis + " ms outage)" : " (outage until the next delivery)");
                if (outcome.problem() != null) {
                    tally.lost(where + ": " + outcome.problem());
                } else {
                    tally.survived();
                    tally.count(outcome.status() == ReleaseSetStatus.SUCCEEDED ? "sets resumed and SUCCEEDED"
                            : "sets ended " + outcome.status() + " with the reason");
                    if (outcome.status() != ReleaseSetStatus.SUCCEEDED) {
                        System.out.println("  " + where + " -> " + outcome.status() + ": " + outcome.reason());
                    }
                }
            }
            tally.count("outages", proxy.counts().getOrDefault("outages", 0L));
        } finally {
            timer.shutdownNow();
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    @Test
    void aRestartedEmulatorFailsTheInvocationUnderWayAndTheSameClientsWorkAfterIt() {
        int trials = Tally.size(1, 4);
        Tally tally = new Tally("1 emulator stopped mid-deploy", "restarted (moto killed, a fresh one on the same port)");
        try (OwnMoto moto = new OwnMoto()) {
            Pipeline pipeline = new Pipeline(moto.endpoint(), moto.endpoint());
            for (int trial = 0; trial < trials; trial++) {
                AtomicInteger seen = new AtomicInteger();
                pipeline.cut = (phase, operation) -> {
                    if (phase.equals("after") && operation.equals("DynamoDb:TransactWriteItems") && seen.incrementAndGet() == 2) {
                        moto.kill();
                        tally.count("moto processes killed after the claim");
                        new Thread(moto::start).start();
                    }
                };
                String hash = String.format("%07x", 0xb000000 + trial);
                pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
                String id = pipeline.stagingSetOf(hash).orElseThrow().id();
                boolean underWaySucceeded;
                try {
                    underWaySucceeded = Pipeline.succeeded(pipeline.deployer.handleRequest(pipeline.streamRecordOf(id), null));
                } catch (RuntimeException e) {
                    underWaySucceeded = false;
                }
                pipeline.cut = (phase, operation) -> { };
                moto.awaitAnswers();
                // Everything moto held is gone: the world is made again, and the same clients must work on it.
                pipeline.setUpWorld();
                Job.Outcome after = Job.run(pipeline, String.format("%07x", 0xc000000 + trial), () -> { }, tally);
                if (underWaySucceeded) {
                    tally.lost("the deployer reported success for a set whose emulator died under it");
                } else if (after.problem() != null || after.status() != ReleaseSetStatus.SUCCEEDED) {
                    tally.lost("after the restart: " + after.problem() + " / " + after.status());
                } else {
                    tally.count("invocations under way that reported failure (Lambda retries them)");
                    tally.count("jobs after the restart that SUCCEEDED with the same clients");
                    tally.survived();
                }
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }
}
