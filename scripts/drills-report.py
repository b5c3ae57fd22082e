#!/usr/bin/env python3
"""Write docs/RELIABILITY.md from the drills' results (drills/target/drills/*.txt), whole.

Run by `make drills` after the long drills; prints the counts table too. The prose below is the
drills' own account of what each one does and what it cannot show on moto; the numbers come from
the run.
"""
import datetime
import glob
import os
import platform
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "drills", "target", "drills")
OUT = os.path.join(ROOT, "docs", "RELIABILITY.md")


def read(path):
    result = {"counts": {}, "lostWhy": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            if key.startswith("count."):
                result["counts"][key[6:]] = int(value)
            elif key == "lostWhy":
                result["lostWhy"].append(value)
            else:
                result[key] = value
    return result


def command(*args):
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip()
    except Exception:  # noqa: BLE001 - the report says "unknown" rather than fail
        return ""


def machine():
    java_home = os.environ.get("JAVA_HOME", "")
    java = command(os.path.join(java_home, "bin", "java") if java_home else "java", "-version").splitlines()
    moto = command(os.path.join(ROOT, ".venv", "moto", "bin", "python"), "-c", "import moto; print(moto.__version__)")
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "java": java[0] if java else "unknown",
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "moto": f"moto {moto or 'unknown'} (server on 127.0.0.1)",
    }


def main():
    files = sorted(glob.glob(os.path.join(RESULTS, "*.txt")))
    if not files:
        sys.exit("no drill results in drills/target/drills: run the drills first (make drills)")
    results = [read(f) for f in files]
    short = [r for r in results if r.get("long") != "true"]
    if short:
        print("note: some results come from the short drills (make test), not make drills", file=sys.stderr)
    m = machine()
    rows = []
    for r in results:
        counts = "; ".join(f"{k} {v}" for k, v in sorted(r["counts"].items()))
        rows.append(f"| {r['drill']} | {r['variant']} | {r['tried']} | {r['survived']} | {r['lost']} | {r['seconds']} s | {counts} |")
    lost_lines = []
    for r in results:
        for why in r["lostWhy"]:
            lost_lines.append(f"- {r['drill']} / {r['variant']}: {why}")
    total = sum(int(r["seconds"]) for r in results)

    print("drill | variant | tried | survived | lost")
    for r in results:
        print(f"{r['drill']} | {r['variant']} | {r['tried']} | {r['survived']} | {r['lost']}")

    text = TEMPLATE.format(
        date=m["date"], cores=m["cores"], java=m["java"], os=m["os"], moto=m["moto"],
        seed=results[0].get("seed", "?"), size="long (make drills)" if not short else "MIXED: some short",
        rows="\n".join(rows), total=total,
        lost="\n".join(lost_lines) if lost_lines else "None.",
    )
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


TEMPLATE = """# Reliability: fault drills

`make drills` runs five fault drills against moto and rewrites this file; `make test` runs a short
version of each (the `*DrillIT` classes in `drills/`) so that they cannot rot. Each drill counts
what it **tried** (a job, a round, a storm of events), what **survived** (ended correctly, every
rule held) and what was **lost** (anything the drill's rules forbid; each is listed below).

Machine: {date}; {cores} cores; {java}; {os}; {moto}. Seed {seed}; size: {size}.
The drills took {total} s of test time in all.

| drill | variant | tried | survived | lost | time | counts |
| --- | --- | --- | --- | --- | --- | --- |
{rows}

Lost, as the drills said it:

{lost}

Each long drill runs on a moto server of its own (`make test`'s short drills share the one
`scripts/with-moto.sh` starts), so that no drill pays for another's tables. moto is started through
`scripts/moto_server.py`: plain moto kept a copy of the whole table for every transaction (its web
dashboard's list of every object it ever made), grew by more than 1 GB a minute in the racing
drill, and a server for all the long drills was killed by the kernel past 14 GB.

## What each drill does

A **job** (drills 1 and 2) is the whole chain of `DeployChainIT`, driven as AWS would drive it: an
ECR push event to build-recorder (release and auto-deploy set), the set's stream record to the
deployer, ECS's events (deployment in progress, task running with the release's digest,
deployment completed) to the deployment-recorder, then the sweeper with `DEPLOYMENT_TIMEOUT` 5 s.
A delivery that fails (an exception, or a stream batch with item failures) is delivered again, up
to 8 times, as Lambda's retries and the stream's would. The job survived when the build, its
release and its set are recorded, the set is final (SUCCEEDED, or FAILED/PARTIAL with a reason),
no deployment of it is IN_PROGRESS and the environment is free. The functions' SDK clients are
built as `AwsClients` builds them (ECS with 8 attempts), with an interceptor that counts calls and
attempts: **SDK retries** = attempts beyond the first.

1. **The emulator stopped mid-deploy.** Two versions, because moto keeps everything in memory:
   - *unreachable*: a loopback proxy between the functions and moto **goes dark** (stops
     listening and cuts open connections: "connection refused") at one of six points (before the
     push's transaction; after the claim, before ECS; before RegisterTaskDefinition; after
     UpdateService, before the deployment is written down; before the recorder's first write;
     before the completion's write), either briefly (0.3-2 s, so SDK retries may ride it out) or
     until the next delivery. moto keeps its state, so this shows resumption. This is the version
     closer to "AWS unreachable".
   - *restarted*: a moto of the drill's own is killed (SIGKILL) right after the deployer's claim
     and a fresh one is started on the same port. Its state is gone, so this shows only what a
     restart can show: the invocation under way reports a failure (Lambda retries it), never a
     success, and the same SDK clients (their pooled connections were to the dead process) work
     against the new one: a whole job there SUCCEEDS.
2. **Throttling and 5xx.** The proxy answers a seeded share of the functions' requests itself:
   DynamoDB `ThrottlingException` or `ProvisionedThroughputExceededException`, ECS/ECR
   `ThrottlingException` (HTTP 400 with the service's JSON error), 500 or 503, at 10% and 30%; in a
   third variant 5% of answers are also **lost after the request took effect** (forwarded to moto,
   then 500): the ambiguous case where a retried conditional write finds its own earlier write.
   Every job must SUCCEED and the current-state row name its release.
3. **Duplicates, reordering, malformed events by the thousand**, from a seeded generator over
   `events/`: valid events repeated 1-3 times and shuffled among damaged ones (truncated JSON, a
   field of the wrong type, a missing field, an unknown detail-type, not JSON at all), through
   build-recorder (every valid push recorded once, with one release and one auto-deploy set),
   the deployer (batches of stream records, damaged records included; batches the Lambda runtime
   itself cannot deserialize never reach the handler and are counted apart; no batch may fail, no
   set may be rolled twice or go back) and the deployment-recorder (the deployment must end as
   the clean story does: COMPLETED, the set SUCCEEDED, the current-state row naming it; a
   deployment that ended never returns to IN_PROGRESS and a set that ended never changes; events
   the recorder defers are delivered again later). Damaged copies of fixtures that tell another
   story (a failure, a rollback) are only damaged beyond reading.
4. **Two release sets for the same environment at the same moment**, each handed to its own
   deployer at once (two stream records on two shards), rounds alternating manual+manual,
   auto+auto and auto+manual. Exactly one may claim staging and roll ECS; the other is REJECTED
   with the set in flight named (a person's) or QUEUED (a push's), and a queued one deploys when
   the first ends; both end, none lost. Three versions:
   - *true concurrency, each request atomic*: the two deployers run truly concurrently, and the
     proxy forwards one request at a time, so each transaction or conditional write takes effect
     alone, as DynamoDB isolates them;
   - *one deployer held between read and claim*: it reads the set and checks the guardrails, then
     waits until the other has finished before claiming (the interleaving `RacingFinalEventsTest`
     uses for the recorder), so its claim's conditions must catch the race;
   - *true concurrency straight on moto* (long version only, on a moto of its own). Plain moto's
     `TransactWriteItems` (moto/dynamodb/models/__init__.py, `transact_write_items`) checks
     conditions and writes without any lock, and a cancelled transaction restores the copy of the
     table it took when it began, erasing whatever concurrent requests wrote in between, such as
     the winner's claim: this version lost a round to that until `scripts/moto_server.py` began
     handling DynamoDB requests one at a time. DynamoDB's transactions are serializable; all three
     versions now give that guarantee, and none may lose a round.

5. **The attacks of the adversarial review of 2026-12** (issue 20), replayed through the real
   handlers and against the loopback dashboard, each trial judged by what it left:
   - *build-recorder*: pushes of accounts and regions the stack does not serve (another account,
     another region, an account that is no account id) must record nothing and request no set;
     images annotated with a hostile OCI revision (shell substitutions, escapes, newlines, 300
     characters) must be released under their tag's hash, the revision kept as metadata only; a
     push dated 9999 must be dated when it arrived; a tag whose release transaction fails once
     must be released, with its auto-deploy set, by the next delivery;
   - *deployer*: sets written to the table by hand naming an image of another registry, of an
     unserved account or region, of another repository, or a digest the ledger never recorded,
     and a rollback to a release that never ran in the environment, must be REJECTED with ECS
     untouched; a set of the ledger's own release must still deploy;
   - *deployment-recorder*: forged and foreign ECS events about our deployment (other account,
     other region, 1970, three days ahead, a FAILED event naming another service) must change
     nothing, and the deployment must end by its own events with nothing "changed outside"; a
     stopped task with a 300 KB reason and an exit code past 2^31 must still close the deployment;
   - *manifest patterns and the dashboard*: backtracking tag patterns must be refused by the
     manifest parser or match a 294-character tag in under a second; requests under another host
     name (DNS rebinding), an absolute-form line naming another host, none or two Host headers
     must be refused (421 or 400), and the dashboard's own name answered.
   Not replayed here, as the drills do not run the CLI: terminal escapes in `hm`'s output
   (`SafeTerminalWriterTest`) and per-environment rights (`RightsPerEnvironmentIT`).

## What the drills cannot show on moto

- **Resumption across a real restart**: moto loses its state; the *unreachable* version (a proxy
  that goes dark while moto keeps its state) stands in for AWS being unreachable.
- **Lambda itself**: moto runs no Lambda code; re-deliveries are the drills' loops (up to 8
  deliveries; a real stream retries until the record expires, EventBridge twice then the
  dead-letter queue), and the event source mapping's filters and batching are not exercised
  (the filters and rule patterns are, apart: `TemplateRoutingTest` routes every fixture in
  `events/` through them with Event Ruler, EventBridge's own matcher).
- **ECS moving**: `rolloutState` never moves and ECS emits no events: the drills feed fixtures,
  and the sweeper's ECS answer is always IN_PROGRESS. After `UpdateService` moto names the old task
  definition on the deployment it keeps (the service's own task definition is the new one, which
  is what the sweeper reads, as the deployer does).
- **DynamoDB's isolation and `ClientRequestToken`**: see drill 4; and the SDK's own retries of
  a lost answer meet moto, which ignores idempotency tokens (ours sends none).
- **Real throttling behaviour**: the proxy's faults are independent per request; real throttling
  comes in bursts per API and account.

## Findings

Fixed (each in its own commit, with a test: `DeployerIT` for the first two, `SweeperTest` for the
third, `CurrentStatesTest` for the fourth):

- **A claim whose answer was lost left the set holding its environment with nothing rolled.**
  When the claim's `TransactWriteItems` committed but its answer was lost (a 500 or a timeout), the
  SDK's retry found the set no longer REQUESTED, and the deployer took that for another delivery's
  claim and skipped the set: IN_PROGRESS, staging held, no service rolled, until the sweeper failed
  it an hour later. The deployer now rolls what nobody has claimed, as a repeated delivery does.
- **A deployment claim sent again after a lost answer was not recognised as ours.** The same for
  the `PutItem` that claims a service: its retry failed its condition on our own item, the service
  was never rolled, and the sweeper later called it "never started". The failed condition now
  returns the item (`ReturnValuesOnConditionCheckFailure`), and an identical one (same claim time
  to the millisecond) is ours.

- **A service rolled in ECS but not written down ended FAILED with a wrong reason.** When AWS
  became unreachable after `UpdateService` answered and before the deployment was written down
  (drill 1, "after UpdateService"), the deployment kept no ECS deployment id; re-deliveries skip
  the service (it is claimed, so it cannot be rolled twice), ECS's events for the new deployment
  found no deployment of ours, and the sweeper ended it `TIMED_OUT` "never started in ECS" while
  ECS ran the new release. The sweeper now asks ECS first: when the service runs a task
  definition with exactly the release's images, its PRIMARY deployment is ours; it is recorded
  (events taken meanwhile for a change made outside are taken back) and settled as any other
  (`SweeperTest`). In the drill its events then close it and the set SUCCEEDS ("deployments found
  in ECS by the sweeper"). A service whose outage came before RegisterTaskDefinition and lasted
  past the delivery still ends "never started in ECS", which is then true.
- **Of two pushes in the same second, the later deployment could be taken for older news.** Drill
  2 (10% faults) once ran two jobs within a second: the second SUCCEEDED, and the service's
  current-state row went on naming the first's release. The row kept the newer of two deployments
  by release set id, and an auto-deploy set's id takes its time from the push event, to the second,
  so two such ids fall in no particular order. The row now keeps when its last deployment started,
  and orders by that (an environment's sets start one after another).

Found, not fixed:

- **A lost answer on `UpdateService` or `RegisterTaskDefinition`** is retried by the SDK: ECS
  registers one more revision or starts one more deployment; the drills see the job SUCCEED (the
  deployment id recorded is the last one ECS gave), at the cost of one extra ECS deployment.
- **History lists release sets by id**, so two auto-deploy sets from one second may be listed the
  wrong way round (see the fourth finding above).
"""

if __name__ == "__main__":
    main()
