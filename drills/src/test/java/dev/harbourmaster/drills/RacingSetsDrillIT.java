package dev.harbourmaster.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.RecordSeeder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Drill 4: two release sets for the same environment written at the same moment, each handed to a
 * deployer at once (two stream records on two shards: two Lambda invocations). Never two in flight
 * (one claims the environment and rolls ECS), never one lost: the other is REJECTED with the reason
 * when a person asked for it, QUEUED when a push did (and deploys when the first ends). Rounds
 * alternate two manual sets, two automatic ones, and one of each.
 *
 * <p>Versions: true concurrency, each request taking effect alone (through a proxy, and straight on
 * our moto, which handles DynamoDB requests one at a time: see docs/RELIABILITY.md for why), and a
 * deterministic interleaving in which one
 * deployer is held between its reads (the set, the guardrails) and its claim until the other has
 * finished, the race DynamoDB's conditions must decide.
 */
class RacingSetsDrillIT extends DrillBase {

    private static final String[] COMBOS = {"manual+manual", "auto+auto", "auto+manual"};

    /** True concurrency, each AWS request taking effect alone (as DynamoDB isolates transactions and conditional writes). */
    @Test
    void twoSetsAtOnceTrulyConcurrentEachRequestAtomic() throws Exception {
        URI moto = moto();
        try (FaultProxy proxy = new FaultProxy(moto, Tally.SEED)) {
            proxy.oneAtATime(true);
            race("true concurrency, each request atomic (proxy forwards one at a time)", Tally.size(3, 100), false,
                    new Pipeline(moto, proxy.endpoint()));
        }
    }

    @Test
    void twoSetsAtOnceOneHeldBetweenItsReadsAndItsClaim() throws Exception {
        URI moto = moto();
        race("one deployer held between read and claim", Tally.size(3, 30), true, new Pipeline(moto, moto));
    }

    /**
     * True concurrency straight on moto, on a moto of its own (what it does to its state must not
     * reach other tests). Long version only. Plain moto's TransactWriteItems neither checks and
     * writes atomically nor rolls back alone (a cancelled transaction restores a copy of the table
     * taken when it began, erasing what concurrent requests wrote meanwhile); scripts/moto_server.py
     * handles DynamoDB requests one at a time, which is what DynamoDB guarantees, so nothing may be
     * lost here either.
     */
    @Test
    void twoSetsAtOnceStraightOnMoto() throws Exception {
        int rounds = Tally.size(0, 15);
        if (rounds == 0) {
            return;
        }
        try (OwnMoto moto = new OwnMoto()) {
            race("true concurrency straight on moto (one DynamoDB request at a time)", rounds, false, new Pipeline(moto.endpoint(), moto.endpoint()));
        }
    }

    private void race(String variant, int rounds, boolean hold, Pipeline pipeline) throws Exception {
        Tally tally = new Tally("4 two sets at once", variant);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                if (round > 0 && round % 10 == 0) {
                    // A new table and cluster every 10 rounds: moto deep-copies the whole table on every
                    // transaction, and its memory grew past 11 GB in 100 rounds on one table.
                    pipeline.setUpWorld();
                }
                String combo = COMBOS[round % COMBOS.length];
                Instant at = Instant.now();
                ReleaseSet a = set(combo.startsWith("auto"), String.format("%07x", 0xe000000 + 2 * round), at);
                ReleaseSet b = set(combo.endsWith("auto"), String.format("%07x", 0xe000001 + 2 * round), at);
                // Recorded as build-recorder records them: the deployer reads each release again.
                RecordSeeder.recorded(pipeline.dynamo, pipeline.table, a.releases().get(0));
                RecordSeeder.recorded(pipeline.dynamo, pipeline.table, b.releases().get(0));
                CountDownLatch bDone = new CountDownLatch(1);
                ReleaseSetDeployer deployerA = deployer(pipeline, hold ? held(pipeline.functionsReleaseSets, bDone) : pipeline.functionsReleaseSets);
                ReleaseSetDeployer deployerB = deployer(pipeline, pipeline.functionsReleaseSets);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<ReleaseSetDeployer.Result> ra = threads.submit(() -> {
                    pipeline.functionsReleaseSets.request(a);
                    together.await();
                    return deployWithRetries(deployerA, a.id(), tally);
                });
                Future<ReleaseSetDeployer.Result> rb = threads.submit(() -> {
                    pipeline.functionsReleaseSets.request(b);
                    together.await();
                    try {
                        return deployWithRetries(deployerB, b.id(), tally);
                    } finally {
                        bDone.countDown();
                    }
                });
                ReleaseSetDeployer.Result resultA = ra.get(120, TimeUnit.SECONDS);
                ReleaseSetDeployer.Result resultB = rb.get(120, TimeUnit.SECONDS);
                String problem = judge(pipeline, a, b, resultA, resultB, tally);
                if (problem == null) {
                    problem = finish(pipeline, a, b, tally);
                }
                if (problem == null) {
                    tally.survived();
                } else {
                    tally.lost("round " + round + " (" + combo + "): " + problem);
                    clear(pipeline, a, b);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    /** As Lambda runs the deployer for a stream record: again (up to 4 times) when an invocation fails. */
    private static ReleaseSetDeployer.Result deployWithRetries(ReleaseSetDeployer deployer, String id, Tally tally) {
        for (int attempt = 1; ; attempt++) {
            try {
                return deployer.deploy(id);
            } catch (RuntimeException e) {
                tally.count("deployer invocations failed and re-delivered: " + e.getClass().getSimpleName());
                if (attempt == 4) {
                    throw e;
                }
            }
        }
    }

    private static ReleaseSetDeployer deployer(Pipeline pipeline, ReleaseSets releaseSets) {
        return pipeline.deployerWiring().withReleaseSets(releaseSets).deployer();
    }

    /** The table as one deployer sees it, except that its claim waits until the other deployer has finished. */
    private static ReleaseSets held(ReleaseSets delegate, CountDownLatch otherDone) {
        return (ReleaseSets) Proxy.newProxyInstance(ReleaseSets.class.getClassLoader(), new Class<?>[]{ReleaseSets.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claim") && !otherDone.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the other deployer never finished");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static ReleaseSet set(boolean automatic, String hash, Instant at) {
        String digest = "sha256:" + Pipeline.sha256(hash);
        Release release = new Release("catalogue", "pipeline", Pipeline.SERVICE, hash,
                List.of(new ReleaseImage(Pipeline.SERVICE, "catalogue/id_minter", digest,
                        Pipeline.REGISTRY + "catalogue/id_minter@" + digest, "ref." + hash)),
                "catalogue/id_minter", digest, at, "change " + hash);
        return new ReleaseSet(Ulid.random(at), "catalogue", "staging", null, List.of(release), ReleaseSetKind.DEPLOY,
                automatic ? ReleaseSet.AUTO_DEPLOY : "ada@example.com", "race " + hash, at, ReleaseSetStatus.REQUESTED, null);
    }

    /** Right after both deployers: exactly one rolled ECS and holds staging; the other is rejected with the reason, or queued. */
    private static String judge(Pipeline pipeline, ReleaseSet a, ReleaseSet b, ReleaseSetDeployer.Result ra,
                                ReleaseSetDeployer.Result rb, Tally tally) {
        List<ReleaseSet> both = List.of(pipeline.releaseSets.releaseSet(a.id()).orElseThrow(),
                pipeline.releaseSets.releaseSet(b.id()).orElseThrow());
        List<ReleaseSet> rolled = both.stream().filter(s -> !pipeline.releaseSets.deployments(s.id()).isEmpty()).toList();
        if (rolled.size() != 1) {
            tally.count(rolled.isEmpty() ? "rounds where neither set started" : "rounds where BOTH sets rolled ECS");
            return (rolled.isEmpty() ? "neither" : "BOTH") + " sets rolled ECS: " + describe(both) + " (deployer said " + ra.outcome() + " / " + rb.outcome() + ")";
        }
        ReleaseSet winner = rolled.get(0);
        ReleaseSet other = winner.id().equals(a.id()) ? both.get(1) : both.get(0);
        String holder = pipeline.releaseSets.gate("catalogue", "staging").inFlightReleaseSetId().orElse(null);
        if (winner.status() != ReleaseSetStatus.IN_PROGRESS || !winner.id().equals(holder)) {
            return "the set that rolled is " + winner.status() + " and staging is held by " + holder;
        }
        if (other.isAutoDeploy()) {
            if (other.status() != ReleaseSetStatus.QUEUED) {
                return "the automatic set that lost is " + other.status() + ", not QUEUED: " + other.statusReason();
            }
            tally.count("losers QUEUED (automatic)");
        } else {
            if (other.status() != ReleaseSetStatus.REJECTED || other.statusReason() == null
                    || !other.statusReason().contains(winner.id())) {
                return "the set a person asked for that lost is " + other.status() + ": " + other.statusReason();
            }
            tally.count("losers REJECTED with the set in flight named (manual)");
        }
        return null;
    }

    /** Ends the set in flight as ECS would; a queued set then starts, and is deployed and ended the same way. */
    private static String finish(Pipeline pipeline, ReleaseSet a, ReleaseSet b, Tally tally) {
        for (int step = 0; step < 3; step++) {
            String holder = pipeline.releaseSets.gate("catalogue", "staging").inFlightReleaseSetId().orElse(null);
            if (holder == null) {
                for (ReleaseSet s : List.of(a, b)) {
                    ReleaseSet now = pipeline.releaseSets.releaseSet(s.id()).orElseThrow();
                    if (now.status() == ReleaseSetStatus.REQUESTED) {
                        pipeline.releaseSetDeployer().deploy(s.id());
                        holder = s.id();
                        tally.count("queued sets started when the first ended");
                    }
                }
                if (holder == null) {
                    break;
                }
            }
            for (Deployment d : pipeline.releaseSets.deployments(holder)) {
                if (d.ecsDeploymentId() != null && d.status() == DeploymentStatus.IN_PROGRESS) {
                    for (String event : pipeline.successEvents(d)) {
                        pipeline.recorder.handle(event);
                    }
                }
            }
        }
        List<ReleaseSet> end = List.of(pipeline.releaseSets.releaseSet(a.id()).orElseThrow(),
                pipeline.releaseSets.releaseSet(b.id()).orElseThrow());
        for (ReleaseSet s : end) {
            boolean ok = s.status() == ReleaseSetStatus.SUCCEEDED || (!s.isAutoDeploy() && s.status() == ReleaseSetStatus.REJECTED);
            if (!ok) {
                return "after the first ended: " + describe(end);
            }
        }
        if (pipeline.releaseSets.gate("catalogue", "staging").inFlightReleaseSetId().isPresent()) {
            return "staging still held after both ended: " + describe(end);
        }
        return null;
    }

    /** After a lost round, frees staging so that the next round starts clean. */
    private static void clear(Pipeline pipeline, ReleaseSet a, ReleaseSet b) {
        for (ReleaseSet s : List.of(a, b)) {
            ReleaseSet now = pipeline.releaseSets.releaseSet(s.id()).orElseThrow();
            if (!now.status().isFinal()) {
                try {
                    pipeline.releaseSets.finish(now, ReleaseSetStatus.FAILED, "cleared by the drill after a lost round");
                } catch (RuntimeException ignored) {
                    // best effort
                }
            }
        }
        pipeline.setupDynamo.deleteItem(r -> r.tableName(pipeline.table).key(java.util.Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROJECT#catalogue"),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ENV#staging#INFLIGHT"))));
    }

    private static String describe(List<ReleaseSet> sets) {
        List<String> out = new ArrayList<>();
        for (ReleaseSet s : sets) {
            out.add(s.id() + " " + (s.isAutoDeploy() ? "auto" : "manual") + " " + s.status()
                    + (s.statusReason() == null ? "" : " (" + s.statusReason() + ")"));
        }
        return String.join("; ", out);
    }
}
