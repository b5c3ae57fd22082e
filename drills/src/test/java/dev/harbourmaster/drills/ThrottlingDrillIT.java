package dev.harbourmaster.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ReleaseSetStatus;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drill 2: AWS throttles and fails a share of calls. A seeded share of the functions' requests is
 * answered by the proxy with DynamoDB ThrottlingException / ProvisionedThroughputExceededException,
 * ECS and ECR ThrottlingException, 500 or 503 instead of reaching moto; in one variant a share of
 * answers is also lost after the request took effect (500), the ambiguous case. Every job (push,
 * auto-deploy set, ECS events) must still end correctly: the set SUCCEEDED (the faults are
 * transient), the build, release and current-state row in place, the environment free. Retries are
 * counted: the SDK's (attempts beyond the first, by an interceptor) and Lambda's (re-deliveries).
 */
class ThrottlingDrillIT extends DrillBase {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10% faults, 0.10, 0", "30% faults, 0.30, 0", "10% faults and 5% answers lost after the write, 0.10, 0.05"})
    void everyJobEndsCorrectlyWhileAwsThrottlesAndFails(String variant, double rate, double lostAnswers) throws IOException {
        int jobs = Tally.size(1, 10);
        Tally tally = new Tally("2 throttling and 5xx", variant);
        URI moto = moto();
        try (FaultProxy proxy = new FaultProxy(moto, Tally.SEED + Math.round(rate * 100) + Math.round(lostAnswers * 1000))) {
            Pipeline pipeline = new Pipeline(moto, proxy.endpoint());
            proxy.faults(rate, lostAnswers);
            for (int job = 0; job < jobs; job++) {
                String hash = String.format("%07x", 0xd000000 + job);
                Job.Outcome outcome = Job.run(pipeline, hash, () -> { }, tally);
                if (outcome.problem() != null) {
                    tally.lost(outcome.problem());
                } else if (outcome.status() != ReleaseSetStatus.SUCCEEDED) {
                    tally.lost("job " + hash + " ended " + outcome.status() + ": " + outcome.reason());
                } else if (pipeline.records.currentState("catalogue", "staging", Pipeline.SERVICE)
                        .map(row -> hash.equals(row.running().releaseHash())).orElse(false)) {
                    tally.survived();
                } else {
                    tally.lost("job " + hash + " SUCCEEDED but the current-state row does not say it runs");
                }
            }
            proxy.faults(0, 0);
            tally.count("SDK calls", pipeline.calls.get());
            tally.count("SDK retries", pipeline.attempts.get() - pipeline.calls.get());
            for (Map.Entry<String, Long> count : proxy.counts().entrySet()) {
                if (!count.getKey().equals("forwarded") && !count.getKey().equals("outages")) {
                    tally.count(count.getKey(), count.getValue());
                }
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    /**
     * The ambiguous failure aimed at each write of a job in turn: the write takes effect, its answer
     * is lost (500), the SDK retries it, and the retry meets the first attempt's own write.
     */
    @org.junit.jupiter.api.Test
    void aLostAnswerOnAnyWriteOfAJobStillEndsItCorrectly() throws IOException {
        record Aim(String name, String target, int occurrence) {}
        java.util.List<Aim> aims = java.util.List.of(
                new Aim("the push's transaction", "DynamoDB_20120810.TransactWriteItems", 1),
                new Aim("the deployer's claim", "DynamoDB_20120810.TransactWriteItems", 2),
                new Aim("the deployment's claim (PutItem)", "DynamoDB_20120810.PutItem", 1),
                new Aim("RegisterTaskDefinition", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", 1),
                new Aim("UpdateService", "AmazonEC2ContainerServiceV20141113.UpdateService", 1),
                new Aim("the deployment's ECS id (UpdateItem)", "DynamoDB_20120810.UpdateItem", 1),
                new Aim("the recorder's first write", "DynamoDB_20120810.TransactWriteItems", 3),
                new Aim("the recorder's last write", "DynamoDB_20120810.TransactWriteItems", 5));
        Tally tally = new Tally("2 throttling and 5xx", "one answer lost after the write, at each write of a job");
        URI moto = moto();
        try (FaultProxy proxy = new FaultProxy(moto, Tally.SEED)) {
            Pipeline pipeline = new Pipeline(moto, proxy.endpoint());
            for (int i = 0; i < aims.size(); i++) {
                Aim aim = aims.get(i);
                proxy.loseAnswerOf(aim.target(), aim.occurrence());
                String hash = String.format("%07x", 0xd100000 + i);
                Job.Outcome outcome = Job.run(pipeline, hash, () -> { }, tally);
                proxy.loseAnswerOf(null, 0);
                if (outcome.problem() != null) {
                    tally.lost(aim.name() + ": " + outcome.problem());
                } else if (outcome.status() != ReleaseSetStatus.SUCCEEDED) {
                    tally.lost(aim.name() + ": the job ended " + outcome.status() + ": " + outcome.reason());
                } else {
                    tally.survived();
                }
            }
            tally.count("SDK retries", pipeline.attempts.get() - pipeline.calls.get());
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }
}
