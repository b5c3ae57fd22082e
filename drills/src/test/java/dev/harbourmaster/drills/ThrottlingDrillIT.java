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
class ThrottlingDrillIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10% faults, 0.10, 0", "30% faults, 0.30, 0", "10% faults and 5% answers lost after the write, 0.10, 0.05"})
    void everyJobEndsCorrectlyWhileAwsThrottlesAndFails(String variant, double rate, double lostAnswers) throws IOException {
        int jobs = Tally.size(1, 10);
        Tally tally = new Tally("2 throttling and 5xx", variant);
        URI moto = URI.create(System.getenv("AWS_ENDPOINT_URL"));
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
}
