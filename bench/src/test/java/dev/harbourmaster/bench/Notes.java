package dev.harbourmaster.bench;

/** The prose of docs/BENCHMARKS.md that explains the numbers (kept here, so the benchmark rewrites it with them). */
final class Notes {

    private Notes() {}

    static final String COLD_START = """
            What dominates init is class loading: about 2,600 classes before the first event (3,100 when the HTTP client set TLS up as it was made), some 950 of them
            from the jar (verified), 600 JDK classes outside the default CDS archive and 500 lambda classes spun
            at run time. The AWS SDK's HTTP client and first service client load about 860 of them (1,400 with TLS), Jackson's
            ObjectMapper about 640. Building the clients with an explicit region and environment credentials
            saved only 64 classes (within the noise), so the default chains stay. What was done: each jar keeps
            only what its functions run (19.7 MB each at first): the SDK clients it builds, and none of
            SnakeYAML, the DynamoDB Streams client, the asynchronous clients or the event classes other than
            the table stream's (functions/pom.xml); domain-events is a module of its own, as it needs EventBridge
            and not ECS. SnapStart priming (each function's Priming, registered with CRaC) runs the clients, parsers and item mapping
            before the snapshot, which is what removes the first event's class loading on Lambda. For the two
            stream functions most of what remains of a primed first event is the Lambda runtime's own
            DynamodbEvent deserialisation, which our code cannot prime. A first event that throws fails the
            benchmark: it would time a failure. The functions set TLS up at their first HTTPS request (the SDK's
            URL-connection client would make it, trust store and all, with the client): against moto on plain
            HTTP, as here, they never do, where on Lambda the first request to DynamoDB does, inside SnapStart's
            priming.
            """;

    static final String CALLS = """
            Minimums, and why. A push: the repository's services (one Query), the image's annotations for the
            release hash (one ECR read; the event does not carry them), and one transaction (build, releases,
            auto-deploy set): 3; a duplicate needs one read to know it. A release set of N services: read the
            set (one GetItem: the stream's record is trusted for its keys only, an image can be older than the
            item) and the project (one Query), its releases again from the ledger
            (the set is a table item anyone who may write the table can write: one BatchGetItem per 100), claim
            the environment and every service in one transaction (the claim that keeps a service from being
            rolled twice), DescribeServices per 10 services, DescribeTaskDefinition, RegisterTaskDefinition and
            UpdateService per service (3N: ECS has no batch of them), and what came of them, with the ECS
            deployment ids, in one transaction per 100: 5 + 3N + N/10 for up to 96 services. An ECS event: find the
            deployment by its ECS id (one Query) and write it (one PutItem while it stays in flight); the one
            that ends it also reads its set (the other deployments decide the set's outcome) and writes the
            deployment, the set and the current-state row in one transaction: 2 and 3. A dashboard page: the home page is the project's partition (one
            Query: catalogue, current state, locks, sets in flight, verifications), plus one Query per environment
            for its release sets that wait (asked at the same time) and one per set in flight; the history is one Query per environment (the sets are indexed by project and environment),
            which the dashboard asks at the same time, and one more for the project, to check the filters.
            """;

    static final String BURST = """
            moto is one Python process that serves the requests nearly one at a time, so these rates say more
            about moto under load than about Lambda, where each event gets its own invocation; our code's own
            time per event is in the warm section (1 to 3 ms). A push is one transaction, which no longer costs
            more as the table grows (scripts/moto_server.py keeps only what a cancel needs). Of the ECS events,
            those that end a deployment read its set with the set's 50 deployments (they decide the set's
            outcome), and moto's time to serialize those answers is most of the 200 events' time; the others
            write their deployment alone.
            """;

    static final String ECS_DEPLOY = """
            What each tool does. ecs-deploy (one process per service, run one after another, as a script would):
            DescribeServices, DescribeTaskDefinition, RegisterTaskDefinition, UpdateService, DeregisterTaskDefinition
            (its default --deregister), and with `--timeout -1` (fire and forget) it does not poll for the rollout;
            its second DescribeServices is its own check. hm: `hm deploy --yes --no-wait` (plan, checks, the
            release set written with who and why), then the deployer handler, in the benchmark's warm JVM, rolls
            every service (claim, task definition pinned to the digest, UpdateService, the ECS deployment id
            recorded). Neither waits for ECS to finish. hm's time includes its JVM start; ecs-deploy's includes a
            Python start per service. hm's DynamoDB calls are the record ecs-deploy does not keep. The floor: a
            warm SDK client in the benchmark's JVM making only the ECS calls such a deploy needs, one service after
            another, and keeping no record: what no tool that starts a process can beat. Each time is the median of
            3 runs, the three tools taking turns.

            hm's minimum, and why. ECS: DescribeServices per 10 services (what runs, its task definition),
            DescribeTaskDefinition (the revision to copy), RegisterTaskDefinition (pinned to the digests) and
            UpdateService per service: 3N + N/10, as ecs-deploy makes them less its own check and deregistering.
            The record: hm reads the project (one Query: catalogue, current state with what went wrong lately, the
            sets in flight), its locks (one BatchGetItem: each lock has its environment's partition, so IAM can
            grant staging and not prod), the services' newest releases (one Query of the project's releases), who
            runs it (STS GetCallerIdentity, the ARN kept on the set) and writes the set (one PutItem): 5. The
            deployer reads the set (one GetItem: the stream's record is trusted for its keys only) and the project
            (one Query), the set's releases again from the ledger (one BatchGetItem: anyone who may write the table
            may write a set), claims the environment and every service in one transaction and writes what came of
            them in another: 5. So 10 + 3N + N/10 for up to 96 services: 14 for one, 165 for 50. What takes time
            is the rounds of requests more than their number: hm deploy asks STS, the project, its environment's
            lock and the newest releases at the same time, then writes the set (2 rounds); the deployer reads the
            set, then the project and the set's releases at the same time (2), then ECS and its two writes. The 9 the issue asked for one service was
            counted before hm kept the caller's ARN, locks in partitions of their own and the ledger check; each
            is a call the record cannot do without.
            """;

    static final String STARTUP = """
            bin/hm as a person runs it: its jar check (find, 5 ms; bin/hm starts 8 processes before java, 17 ms
            in all), C1 only, the serial GC, no perf data file, and the start-up cache that its first run of a jar
            on a JDK makes in the background (Java 25: an AOT cache trained by StartupTraining, which runs hm's
            common commands on a project and a release it keeps in an in-memory DynamoDB and STS; Java 19-24: an
            AppCDS archive). Without: the same with HM_STARTUP_CACHE=off. What makes the difference: picocli is
            compiled from its sources for Java 21 (its jar's Java 5 class files are kept out of every cache); a
            run builds picocli's model of its own command only, not of all 23; the AWS clients are made on a
            thread of their own while picocli reads the command line, and TLS is set up only for an HTTPS
            endpoint; and the cache is trained on runs that go where real ones go (before, every training
            command stopped at "project not registered"). The serial GC and no perf data file: 0.96x of G1's
            time for `hm status` and 2 MB less, each with a cache trained for it (medians of 21, in turn). `hm
            status` reads the project (one Query and a BatchGetItem); the deploy asks STS who runs it, reads the
            project, its environment's lock and the project's newest releases all at once, writes the release
            set, and exits (`--no-wait`; no deployer runs here).
            """;
}
