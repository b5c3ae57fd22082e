"""Checks scripts/moto_server.py over HTTP, each server on a free loopback port:

1. It changes nothing moto answers: the same seeded run of random TransactWriteItems (Put,
   Update, Delete, ConditionCheck; conditions that hold and that fail, so some are cancelled) and
   plain writes, on a table with an index and a stream, against a plain moto server and against
   ours, must get the same answers and leave the same items and the same stream records.
2. Writes at the same moment do not race: threads writing at once, beside transactions that are
   cancelled, must leave every write in the table and one stream record each, numbered once.
   The server runs with Python switching threads as often as it can, so a race shows at once;
   plain moto is put through the same and what it loses is printed (it is why 2 exists). A reader
   follows the stream meanwhile, as a stream poller does, and must read every record once.
3. A stream iterator taken before a cancelled transaction keeps seeing every later record, as
   DynamoDB's does: plain moto's does not (what it misses is printed; local mode's deployer
   stopped on it when several images were pushed at once).
4. A stream iterator can be used again within its lifetime and then expires with DynamoDB's
   ExpiredIteratorException (the lifetime shortened to a second for the check).
5. With access control on, DynamoDB obeys IAM policies as AWS does: a user with the documented
   staging-only policy (docs/iam/deploy-staging-only.json) may write a staging release set and
   staging's lock and read everything, and is refused prod's, also inside a transaction and on
   another table; an explicit Deny wins over an Allow; an operator it cannot evaluate is refused,
   not guessed. Plain moto is put through the same and what it gets wrong is printed.
6. EventBridge delivers events whole: an event put in a workload account, forwarded by a rule there
   to the hub account's default bus (as a spoke stack forwards its ECS events), reaches the hub's
   rule and its SQS queue with the workload's account, its region, time, resources and id; an event
   put in the hub reaches its queue with the hub's account; a forwarded event is not passed on to a
   third account. Plain moto is put through the same and what it gets wrong is printed.

    .venv/moto/bin/python scripts/moto_server_check.py [TRANSACTIONS] [SEED]

Exits 0 and says so when both runs agree, 1 with the first difference otherwise. `make test`
runs it.
"""
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.dirname(sys.executable)
OURS = [sys.executable, os.path.join(HERE, "moto_server.py")]
PLAIN = [os.path.join(BIN, "moto_server")]


def racing(command):
    """The same server, with Python switching threads every microsecond instead of every 5 ms."""
    return [sys.executable, "-c", "import runpy, sys; sys.setswitchinterval(1e-6); sys.argv = sys.argv[1:]; "
            "runpy.run_path(sys.argv[0], run_name='__main__')", command[-1]]


def server(command, env=None):
    """A moto server on a free loopback port, answering: (process, endpoint)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(command + ["-H", "127.0.0.1", "-p", str(port)], env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = "http://127.0.0.1:%d" % port
    for _ in range(150):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=1)
            return process, endpoint
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("moto_server_check: %s did not answer on %s" % (" ".join(command), endpoint))


def clients(endpoint):
    return dict(region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
                aws_secret_access_key="testing")


class StreamNeverEnds(Exception):
    """A stream read from its start gave records page after page: a record repeats (plain moto does, racing)."""


def stream_records(endpoint, table):
    """Every record of the table's stream, read from its start until a page comes back empty."""
    db, streams = boto3.client("dynamodb", **clients(endpoint)), boto3.client("dynamodbstreams", **clients(endpoint))
    arn = db.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    for _ in range(1000):
        page = streams.get_records(ShardIterator=iterator, Limit=1000)
        if not page["Records"]:
            return records
        records += page["Records"]
        iterator = page["NextShardIterator"]
    raise StreamNeverEnds("the stream of %s never came to an empty page (a record repeated?)" % table)


class Follower:
    """One reader of a table's stream from its start, holding its chain of iterators as a stream poller does."""

    def __init__(self, endpoint, table):
        db = boto3.client("dynamodb", **clients(endpoint))
        self.streams = boto3.client("dynamodbstreams", **clients(endpoint))
        arn = db.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.iterator = self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                                        ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        self.sequence = []

    def read(self):
        """What is new, up to an empty page (or StreamNeverEnds, as plain moto's repeating stream gives under the race)."""
        for _ in range(1000):
            page = self.streams.get_records(ShardIterator=self.iterator, Limit=1000)
            self.iterator = page["NextShardIterator"]
            if not page["Records"]:
                return
            self.sequence += [r["dynamodb"]["SequenceNumber"] for r in page["Records"]]
        raise StreamNeverEnds("a reader following the stream never came to an empty page (a record repeated?)")


def cancelled_transaction(db, table, key):
    try:
        db.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"PK": {"S": key}}}},
            {"ConditionCheck": {"TableName": table, "Key": {"PK": {"S": "missing"}},
                                "ConditionExpression": "attribute_exists(PK)"}}])
        return False
    except db.exceptions.TransactionCanceledException:
        return True


def stream_table(db, name):
    db.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
                    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})


def follow_across_cancels(endpoint, rounds=5):
    """A reader that holds its iterator while writes and cancelled transactions alternate: what it missed."""
    db = boto3.client("dynamodb", **clients(endpoint))
    stream_table(db, "f")
    follower = Follower(endpoint, "f")
    try:
        for i in range(rounds):
            db.put_item(TableName="f", Item={"PK": {"S": "before-%d" % i}})
            follower.read()
            cancelled_transaction(db, "f", "never-%d" % i)
            db.put_item(TableName="f", Item={"PK": {"S": "after-%d" % i}})
            follower.read()
        written = [r["dynamodb"]["SequenceNumber"] for r in stream_records(endpoint, "f")]
    except StreamNeverEnds as e:
        return [str(e)]
    missed = len(written) - len(follower.sequence)
    if follower.sequence != written[:len(follower.sequence)] or missed:
        return ["an iterator taken before a cancelled transaction read %d of the %d records written"
                % (len(follower.sequence), len(written))]
    return []


def expiring_iterators(endpoint, lifetime):
    """An iterator read twice within its lifetime, then after it: what went wrong, as sentences."""
    db = boto3.client("dynamodb", **clients(endpoint))
    stream_table(db, "e")
    db.put_item(TableName="e", Item={"PK": {"S": "a"}})
    follower = Follower(endpoint, "e")
    first = follower.iterator
    twice = [len(follower.streams.get_records(ShardIterator=first)["Records"]) for _ in range(2)]
    errors = [] if twice == [1, 1] else ["an iterator used twice within its lifetime read %s records" % twice]
    time.sleep(lifetime + 0.5)
    try:
        follower.streams.get_records(ShardIterator=first)
        errors.append("an iterator past its lifetime still read")
    except follower.streams.exceptions.ExpiredIteratorException as e:
        if e.response["ResponseMetadata"]["HTTPStatusCode"] != 400 or "Iterator expired" not in str(e):
            errors.append("an expired iterator was answered %s" % e)
    return errors


def run(endpoint, transactions, seed):
    """The seeded run against one server: what it answered and what it leaves."""
    rng = random.Random(seed)
    db = boto3.client("dynamodb", **clients(endpoint))
    db.create_table(
        TableName="t", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "G")],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"}]}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})

    def key():
        return {"PK": {"S": "p%d" % rng.randrange(6)}, "SK": {"S": "s%d" % rng.randrange(4)}}

    def condition():
        return rng.choice([
            {}, {}, {}, {},
            {"ConditionExpression": "attribute_not_exists(PK)"},
            {"ConditionExpression": "attribute_exists(PK)"},
            {"ConditionExpression": "n < :n", "ExpressionAttributeValues": {":n": {"N": str(rng.randrange(5))}}},
        ])

    def operation():
        kind = rng.choice(["Put", "Update", "Delete", "ConditionCheck"])
        if kind == "Put":
            op = {"TableName": "t", "Item": {**key(), "n": {"N": str(rng.randrange(5))},
                                              "G": {"S": "g%d" % rng.randrange(3)},
                                              "nested": {"M": {"l": {"L": [{"S": "x"}] * rng.randrange(3)}}}}}
        elif kind == "Update":
            op = {"TableName": "t", "Key": key(), "UpdateExpression": "SET n = if_not_exists(n, :z) + :one, G = :g",
                  "ExpressionAttributeValues": {":z": {"N": "0"}, ":one": {"N": "1"},
                                                ":g": {"S": "g%d" % rng.randrange(3)}}}
        else:
            op = {"TableName": "t", "Key": key()}
        extra = condition()
        if kind == "ConditionCheck" and not extra:
            extra = {"ConditionExpression": "attribute_exists(PK)"}
        if extra.get("ExpressionAttributeValues") and op.get("ExpressionAttributeValues"):
            extra = {**extra, "ExpressionAttributeValues": {**op["ExpressionAttributeValues"],
                                                            **extra["ExpressionAttributeValues"]}}
        return {kind: {**op, **extra}}

    outcomes = []
    for _ in range(transactions):
        if rng.random() < 0.2:
            db.update_item(TableName="t", Key=key(), UpdateExpression="SET n = :n",
                           ExpressionAttributeValues={":n": {"N": str(rng.randrange(5))}})
            continue
        items, keys = [], set()
        for _ in range(rng.randrange(1, 5)):
            op = operation()
            body = next(iter(op.values()))
            k = json.dumps(body.get("Key") or {a: body["Item"][a] for a in ("PK", "SK")}, sort_keys=True)
            if k not in keys:
                keys.add(k)
                items.append(op)
        try:
            db.transact_write_items(TransactItems=items)
            outcomes.append("ok")
        except db.exceptions.TransactionCanceledException as e:
            outcomes.append([r.get("Code") for r in e.response.get("CancellationReasons", [])])

    table = sorted(db.scan(TableName="t")["Items"], key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    index = sorted(db.scan(TableName="t", IndexName="by-g")["Items"], key=lambda i: (i["PK"]["S"], i["SK"]["S"]))
    records = [{"event": r["eventName"], "keys": r["dynamodb"]["Keys"], "new": r["dynamodb"].get("NewImage"),
                "old": r["dynamodb"].get("OldImage"), "seq": r["dynamodb"]["SequenceNumber"]}
               for r in stream_records(endpoint, "t")]
    return {"outcomes": outcomes, "items": table, "index": index, "stream": records}


def concurrent_run(endpoint, threads=6, writes=50):
    """Writers at once beside a thread of cancelled transactions: what went wrong, as sentences."""
    db = boto3.client("dynamodb", **clients(endpoint))
    stream_table(db, "c")
    follower = Follower(endpoint, "c")
    writing = threading.Event()
    writing.set()
    errors = []

    def writer(n):
        for i in range(writes):
            db.put_item(TableName="c", Item={"PK": {"S": "w%d-%d" % (n, i)}})

    def canceller():
        for i in range(writes):
            if not cancelled_transaction(db, "c", "never-%d" % i):
                errors.append("a transaction whose condition fails committed")

    def reader():
        while writing.is_set():
            follower.read()

    def noting_errors(work, *args):
        try:
            work(*args)
        except Exception as e:
            errors.append("a %s thread stopped: %s" % (work.__name__, str(e).splitlines()[0]))

    workers = [threading.Thread(target=noting_errors, args=(writer, n)) for n in range(threads)]
    workers.append(threading.Thread(target=noting_errors, args=(canceller,)))
    following = threading.Thread(target=noting_errors, args=(reader,))
    following.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    writing.clear()
    following.join()
    try:
        follower.read()
    except StreamNeverEnds as e:
        return errors + [str(e)]
    kept = set()
    for page in db.get_paginator("scan").paginate(TableName="c"):
        kept.update(item["PK"]["S"] for item in page["Items"])
    leaked = {key for key in kept if key.startswith("never-")}
    if leaked:
        errors.append("%d writes of cancelled transactions kept" % len(leaked))
    lost = threads * writes - len(kept - leaked)
    if lost:
        errors.append("%d of %d writes lost" % (lost, threads * writes))
    try:
        sequence = [r["dynamodb"]["SequenceNumber"] for r in stream_records(endpoint, "c")]
    except StreamNeverEnds as e:
        return errors + [str(e)]
    if len(sequence) != len(kept):
        errors.append("%d stream records for %d items" % (len(sequence), len(kept)))
    if len(set(sequence)) != len(sequence):
        errors.append("%d stream sequence numbers given twice" % (len(sequence) - len(set(sequence))))
    if follower.sequence != sequence:
        errors.append("a reader following the stream meanwhile read %d of its %d records (%d distinct)"
                      % (len(follower.sequence), len(sequence), len(set(follower.sequence))))
    return errors


STAGING_POLICY = os.path.join(HERE, "..", "docs", "iam", "deploy-staging-only.json")


def iam_rights(endpoint):
    """What a staging-only user may do to a table, with access control on (5. of moto_server.py)."""
    admin = dict(clients(endpoint), region_name="eu-west-1")
    iam = boto3.client("iam", **admin)
    db = boto3.client("dynamodb", **admin)
    for table in ("rights", "other"):
        db.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK")],
                        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}])

    def user(name, policy):
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName=name, PolicyDocument=json.dumps(policy))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return boto3.client("dynamodb", endpoint_url=endpoint, region_name="eu-west-1",
                            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])

    with open(STAGING_POLICY) as f:
        staging_policy = json.loads(f.read().replace("REGION", "eu-west-1").replace("ACCOUNT", "123456789012")
                                    .replace("TABLE", "rights"))
    staging = user("staging-team", staging_policy)
    everything = {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}
    denied_prod = user("no-prod", {"Version": "2012-10-17", "Statement": [everything, {
        "Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": "*",
        "Condition": {"ForAnyValue:StringLike": {"dynamodb:LeadingKeys": ["RELEASESET#*/prod/*"]}}}]})
    odd = user("odd-operator", {"Version": "2012-10-17", "Statement": [dict(everything, Condition={
        "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}})]})
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                                  headers={"Content-Type": "text/plain"}))

    def item(pk):
        return {"PK": {"S": pk}, "SK": {"S": "X"}}

    def answer(call):
        try:
            call()
            return "ok"
        except Exception as e:  # botocore's ClientError: its code is what the SDKs see
            return getattr(e, "response", {}).get("Error", {}).get("Code", type(e).__name__)

    staging_set, prod_set = "RELEASESET#catalogue/staging/01K", "RELEASESET#catalogue/prod/01K"
    expected = [
        ("staging: put a staging release set", lambda: staging.put_item(TableName="rights", Item=item(staging_set)), "ok"),
        ("staging: put a prod release set", lambda: staging.put_item(TableName="rights", Item=item(prod_set)),
         "AccessDeniedException"),
        ("staging: put staging's lock", lambda: staging.put_item(TableName="rights", Item=item("LOCK#catalogue/staging")), "ok"),
        ("staging: put prod's lock", lambda: staging.put_item(TableName="rights", Item=item("LOCK#catalogue/prod")),
         "AccessDeniedException"),
        ("staging: update prod's lock", lambda: staging.update_item(
            TableName="rights", Key=item("LOCK#catalogue/prod"), UpdateExpression="SET unlockedAt = :t",
            ExpressionAttributeValues={":t": {"S": "now"}}), "AccessDeniedException"),
        ("staging: delete its own release set", lambda: staging.delete_item(TableName="rights", Key=item(staging_set)),
         "AccessDeniedException"),
        ("staging: a transaction writing staging and prod", lambda: staging.transact_write_items(TransactItems=[
            {"Put": {"TableName": "rights", "Item": item(staging_set + "2")}},
            {"Put": {"TableName": "rights", "Item": item(prod_set + "2")}}]), "AccessDeniedException"),
        ("staging: put a staging release set in another table",
         lambda: staging.put_item(TableName="other", Item=item(staging_set)), "AccessDeniedException"),
        ("staging: query prod's lock partition", lambda: staging.query(
            TableName="rights", KeyConditionExpression="#pk = :pk", ExpressionAttributeNames={"#pk": "PK"},
            ExpressionAttributeValues={":pk": {"S": "LOCK#catalogue/prod"}}), "ok"),
        ("staging: batch-get two partitions", lambda: staging.batch_get_item(RequestItems={"rights": {
            "Keys": [item(staging_set), item("LOCK#catalogue/prod")], "ConsistentRead": True}}), "ok"),
        ("staging: scan the table", lambda: staging.scan(TableName="rights"), "AccessDeniedException"),
        ("Deny on prod sets: put a staging set", lambda: denied_prod.put_item(TableName="rights", Item=item(staging_set)),
         "ok"),
        ("Deny on prod sets: put a prod set", lambda: denied_prod.put_item(TableName="rights", Item=item(prod_set)),
         "AccessDeniedException"),
        ("an operator not evaluated", lambda: odd.get_item(TableName="rights", Key=item(staging_set)), "InternalFailure"),
    ]
    return [(what, answer(call), want) for what, call, want in expected]


HUB, WORKLOAD, THIRD = "123456789012", "210987654321", "333333333333"


def forwarding(endpoint):
    """What differs from EventBridge's delivery across accounts (see 6. above): a list of words, empty when nothing."""
    hub = dict(clients(endpoint))
    sts = boto3.client("sts", **hub)

    def account(number):
        credentials = sts.assume_role(RoleArn="arn:aws:iam::%s:role/harbourmaster-workload" % number,
                                      RoleSessionName="check")["Credentials"]
        return dict(hub, aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                    aws_session_token=credentials["SessionToken"])

    def queue_for(where, pattern):
        sqs, events = boto3.client("sqs", **where), boto3.client("events", **where)
        url = sqs.create_queue(QueueName="forwarded")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name="to-queue", EventPattern=json.dumps(pattern), State="ENABLED")
        events.put_targets(Rule="to-queue", Targets=[{"Id": "queue", "Arn": arn}])
        return lambda: [json.loads(m["Body"]) for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                                                           WaitTimeSeconds=0).get("Messages", [])]

    def forward(where, to, pattern):
        events = boto3.client("events", **where)
        events.put_rule(Name="to-" + to, EventPattern=json.dumps(pattern), State="ENABLED")
        events.put_targets(Rule="to-" + to, Targets=[{"Id": "bus", "Arn": "arn:aws:events:us-east-1:%s:event-bus/default" % to}])

    ecs_events = {"source": ["aws.ecs"]}
    workload, third = account(WORKLOAD), account(THIRD)
    at_hub = queue_for(hub, ecs_events)
    at_third = queue_for(third, ecs_events)
    forward(workload, HUB, ecs_events)
    forward(hub, THIRD, ecs_events)
    service = "arn:aws:ecs:us-east-1:%s:service/catalogue-prod/catalogue-id_minter-prod" % WORKLOAD
    detail = {"eventType": "INFO", "eventName": "SERVICE_DEPLOYMENT_COMPLETED", "deploymentId": "ecs-svc/1"}
    sent = boto3.client("events", **workload).put_events(Entries=[{
        "Source": "aws.ecs", "DetailType": "ECS Deployment State Change", "Resources": [service],
        "Detail": json.dumps(detail), "Time": "2026-11-20T10:00:00Z"}])["Entries"][0]["EventId"]
    home = boto3.client("events", **hub).put_events(Entries=[{
        "Source": "aws.ecs", "DetailType": "ECS Deployment State Change", "Resources": [], "Detail": json.dumps(detail)}])
    home = home["Entries"][0]["EventId"]
    wrong = []
    received = {e.get("id"): e for e in at_hub()}
    forwarded = received.get(sent) or next((e for e in received.values() if e.get("id") != home), None)
    if forwarded is None:
        wrong.append("the forwarded event did not reach the hub's queue")
    else:
        expected = {"id": sent, "account": WORKLOAD, "region": "us-east-1", "time": "2026-11-20T10:00:00Z",
                    "resources": [service], "source": "aws.ecs", "detail-type": "ECS Deployment State Change",
                    "detail": detail}
        wrong += ["forwarded %s %s, not %s" % (field, json.dumps(forwarded.get(field)), json.dumps(want))
                  for field, want in expected.items() if forwarded.get(field) != want]
    if received.get(home, {}).get("account") != HUB:
        wrong.append("the hub's own event reached its queue with account %s" % json.dumps(received.get(home, {}).get("account")))
    passed_on = [e.get("id") for e in at_third()]
    if len(passed_on) != 1:
        wrong.append("a third account got %d events from the hub's rule (EventBridge: 1, the hub's own; one received"
                     " from another account is not passed on)" % len(passed_on))
    elif passed_on[0] != home:
        wrong.append("the event forwarded to a third account has id %s, not the hub's event's %s" % (passed_on[0], home))
    return wrong


def on(command, check, *args, env=None):
    """check(endpoint, *args) against a server of its own, timed."""
    process, endpoint = server(command, env)
    try:
        started = time.monotonic()
        return check(endpoint, *args), time.monotonic() - started
    finally:
        process.kill()
        process.wait()


def main():
    transactions = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20261201
    runs = {}
    for name, command in (("plain moto", PLAIN), ("scripts/moto_server.py", OURS)):
        runs[name], seconds = on(command, run, transactions, seed)
        print("moto_server_check: %s: %.1f s" % (name, seconds))
    plain, patched = runs["plain moto"], runs["scripts/moto_server.py"]
    for part in ("outcomes", "items", "index", "stream"):
        if plain[part] != patched[part]:
            first = next((i for i, (a, b) in enumerate(zip(plain[part], patched[part])) if a != b),
                         min(len(plain[part]), len(patched[part])))
            print("moto_server_check: %s differ from plain moto at %d: %s / %s" % (
                part, first, plain[part][first:first + 1], patched[part][first:first + 1]), file=sys.stderr)
            return 1
    cancelled = sum(1 for o in plain["outcomes"] if o != "ok")
    print("moto_server_check: scripts/moto_server.py left what plain moto leaves after %d transactions (%d cancelled):"
          " %d items, %d stream records" % (len(plain["outcomes"]), cancelled, len(plain["items"]), len(plain["stream"])))

    plain_errors, _ = on(racing(PLAIN), concurrent_run)
    print("moto_server_check: plain moto, writes at once: %s" % ("; ".join(plain_errors) or "nothing went wrong this time"))
    errors, seconds = on(racing(OURS), concurrent_run)
    if errors:
        print("moto_server_check: scripts/moto_server.py, writes at once: %s" % "; ".join(errors), file=sys.stderr)
        return 1
    print("moto_server_check: scripts/moto_server.py, writes at once: nothing lost, every stream record numbered once"
          " and read once by a reader following it (%.1f s)" % seconds)

    plain_errors, _ = on(PLAIN, follow_across_cancels)
    print("moto_server_check: plain moto, a reader across cancelled transactions: %s"
          % ("; ".join(plain_errors) or "read every record"))
    errors, _ = on(OURS, follow_across_cancels)
    if errors:
        print("moto_server_check: scripts/moto_server.py, a reader across cancelled transactions: %s"
              % "; ".join(errors), file=sys.stderr)
        return 1
    print("moto_server_check: scripts/moto_server.py, a reader across cancelled transactions: read every record")

    errors, _ = on(OURS, expiring_iterators, 1, env={"HM_MOTO_ITERATOR_LIFETIME_SECONDS": "1"})
    if errors:
        print("moto_server_check: scripts/moto_server.py, iterators: %s" % "; ".join(errors), file=sys.stderr)
        return 1
    print("moto_server_check: scripts/moto_server.py, iterators: used again within their lifetime, expired after it")

    plain_answers, _ = on(PLAIN, iam_rights)
    wrong = ["%s: %s" % (what, got) for what, got, want in plain_answers if got != want]
    print("moto_server_check: plain moto, IAM policies on DynamoDB: %d of %d answered otherwise than AWS (%s)"
          % (len(wrong), len(plain_answers), "; ".join(wrong[:3]) + ("; ..." if len(wrong) > 3 else "")))
    answers, _ = on(OURS, iam_rights)
    wrong = ["%s: %s, AWS answers %s" % (what, got, want) for what, got, want in answers if got != want]
    if wrong:
        print("moto_server_check: scripts/moto_server.py, IAM policies on DynamoDB: %s" % "; ".join(wrong), file=sys.stderr)
        return 1
    print("moto_server_check: scripts/moto_server.py, IAM policies on DynamoDB: the staging-only policy, a Deny and an"
          " unknown operator answered as AWS does (%d requests)" % len(answers))

    plain_wrong, _ = on(PLAIN, forwarding)
    print("moto_server_check: plain moto, an ECS event forwarded from account %s to %s's default bus: %s"
          % (WORKLOAD, HUB, "; ".join(plain_wrong) or "delivered whole"))
    wrong, _ = on(OURS, forwarding)
    if wrong:
        print("moto_server_check: scripts/moto_server.py, events across accounts: %s" % "; ".join(wrong), file=sys.stderr)
        return 1
    print("moto_server_check: scripts/moto_server.py, events across accounts: forwarded whole (the workload's account,"
          " region, time, resources and id), the hub's own with its account, not passed on to a third")
    return 0


if __name__ == "__main__":
    sys.exit(main())
