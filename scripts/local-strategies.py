#!/usr/bin/env python3
"""ECS's deployment strategies in local mode, driven the way a team's CI and console would: boto3
changes the ECS service (its deploymentConfiguration, a tag, an UpdateService behind our back),
`bin/hm` deploys and approves. For each strategy it deploys one service to one environment and
says how it ended and how many requests it took, by service and action (the emulator counts them:
GET /_harbourmaster/requests); then a pause hook held until `hm approve`, a deployment replaced by
an SDK UpdateService (SUPERSEDED within one sweep) and an alarm rollback (ROLLED_BACK naming it).

    bin/hm local up                       # in one shell; paste its export line into another, then:
    .venv/moto/bin/python scripts/local-strategies.py [--project catalogue --env prod --service id_minter]

The counts leave out this script's watching (it signs with an access key of its own) but include
local mode's own polling while the deployment runs (stream reads, queue receives, the ECS
simulator's DescribeServices and DescribeServiceDeployments), so they are what the emulator served
to the system, not only what the functions asked. Exits 0 when every outcome is
the expected one, 1 naming the first that is not.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.request
import uuid

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BACKGROUND = {"dynamodbstreams", "sqs"}  # local mode's own plumbing, polled all the time
PAUSE = {"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
         "timeoutConfiguration": {"timeoutInMinutes": 1440, "action": "ROLLBACK"}}
STRATEGIES = [
    ("ROLLING", {"strategy": "ROLLING"}),
    ("BLUE_GREEN", {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5}),
    ("LINEAR", {"strategy": "LINEAR", "bakeTimeInMinutes": 2,
                "linearConfiguration": {"stepPercent": 25.0, "stepBakeTimeInMinutes": 2}}),
    ("CANARY", {"strategy": "CANARY", "bakeTimeInMinutes": 2,
                "canaryConfiguration": {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 5}}),
]


def fail(what):
    print("local-strategies: FAILED: " + what)
    sys.exit(1)


HM = [os.path.join(ROOT, "bin", "hm")]  # --hm changes it
OBSERVER_KEY = "observer"  # what this script reads to watch signs with it, and is not counted with the rest


def hm(*args, actor=None, observing=False):
    env = dict(os.environ, **({"HM_ACTOR": actor} if actor else {}), **({"AWS_ACCESS_KEY_ID": OBSERVER_KEY} if observing else {}))
    done = subprocess.run([*HM, *args], capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


def counts():
    """What the emulator served to everyone but this script's watching: local mode, hm deploy, hm approve."""
    with urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/_harbourmaster/requests") as answer:
        return json.loads(answer.read()).get(os.environ["AWS_ACCESS_KEY_ID"], {})


def difference(after, before):
    diff = {}
    for service, actions in after.items():
        for action, n in actions.items():
            d = n - before.get(service, {}).get(action, 0)
            if d:
                diff.setdefault(service, {})[action] = d
    return diff


class Run:
    def __init__(self, args):
        self.args = args
        self.ecs = boto3.client("ecs")  # what a team's console or Terraform does, counted
        shown = json.loads(hm("project", "show", "--project", args.project, "--output", "json")[1])
        environment = next(e for e in shown["environments"] if e["id"] == args.env)
        self.cluster = environment["cluster"]
        self.ecs_service = environment["ecsServiceName"].replace("{project}", args.project).replace(
            "{service}", args.service).replace("{env}", args.env)
        repositories = [c["repository"] for ss in shown["serviceSets"] for s in ss["services"] if s["id"] == args.service
                        for c in s["containers"]]
        if len(repositories) != 1:
            fail("choose a service with one container (%s has %d)" % (args.service, len(repositories)))
        self.repository = repositories[0]

    def configure(self, configuration):
        self.ecs.update_service(cluster=self.cluster, service=self.ecs_service, deploymentConfiguration=configuration)

    def service(self):
        return self.ecs.describe_services(cluster=self.cluster, services=[self.ecs_service])["services"][0]

    def new_release(self):
        """A push (as docker push ends); waits until the auto-deploying environments have settled it."""
        tag = "ref." + uuid.uuid4().hex[:7]
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "local-push.py"), self.repository, tag],
                       check=True, capture_output=True)
        time.sleep(self.args.settle * 4)
        return tag[4:]

    def deploy(self, release, why):
        code, out, err = hm("deploy", "--project", self.args.project, "--env", self.args.env, "--services",
                            self.args.service, "--release", release, "--yes", "--no-wait", "--output", "json", "-m", why)
        if code != 0:
            fail("hm deploy: exit %d: %s" % (code, err.strip()))
        return json.loads(out)["releaseSet"]["id"]

    def show(self, set_id):
        return json.loads(hm("show", set_id, "--output", "json", observing=True)[1])

    def await_end(self, set_id, within):
        deadline = time.time() + within
        while time.time() < deadline:
            shown = self.show(set_id)
            if shown["releaseSet"]["status"] not in ("REQUESTED", "QUEUED", "IN_PROGRESS"):
                return shown
            time.sleep(0.5)
        fail("release set %s did not end within %d s" % (set_id, within))

    def await_hook(self, set_id, within):
        deadline = time.time() + within
        while time.time() < deadline:
            deployments = self.show(set_id)["deployments"]
            if deployments and any(h["status"] == "AWAITING_ACTION" for h in deployments[0]["evidence"]["hooks"]):
                return deployments[0]
            time.sleep(0.5)
        fail("no hook of %s awaited action within %d s" % (set_id, within))


def strategies(run):
    """One deployment per strategy, with its request count."""
    rows = []
    for name, configuration in STRATEGIES:
        run.configure(configuration)
        release = run.new_release()
        before = counts()
        began = time.time()
        set_id = run.deploy(release, "strategy " + name)
        shown = run.await_end(set_id, 120)
        took = time.time() - began
        diff = difference(counts(), before)
        deployment = shown["deployments"][0]
        if deployment["status"] != "COMPLETED" or deployment["evidence"]["serviceDeployment"]["status"] != "SUCCESSFUL":
            fail("%s ended %s (ECS API %s): %s" % (name, deployment["status"],
                                                  deployment["evidence"]["serviceDeployment"], deployment["reason"]))
        rows.append((name, deployment["rollout"]["description"], took, diff))
    return rows


def approval(run):
    run.configure({"strategy": "LINEAR", "bakeTimeInMinutes": 1, "lifecycleHooks": [PAUSE],
                   "linearConfiguration": {"stepPercent": 50.0, "stepBakeTimeInMinutes": 1}})
    set_id = run.deploy(run.new_release(), "a linear rollout that waits for a person")
    waiting = run.await_hook(set_id, 60)
    time.sleep(run.args.hold)
    if run.show(set_id)["deployments"][0]["status"] != "IN_PROGRESS":
        fail("the deployment at its pause hook did not stay IN_PROGRESS for %d s" % run.args.hold)
    code, out, err = hm("approve", "--project", run.args.project, "--env", run.args.env, "-m", "canary metrics look fine",
                        actor="lead@example.com")
    if code != 0:
        fail("hm approve: exit %d: %s" % (code, err.strip()))
    deployment = run.await_end(set_id, 120)["deployments"][0]
    approvals = [a for a in deployment["evidence"]["actions"] if a["action"] == "APPROVE"]
    if deployment["status"] != "COMPLETED" or not approvals or approvals[0]["by"] != "lead@example.com":
        fail("approved: %s, actions %s" % (deployment["status"], deployment["evidence"]["actions"]))
    return "waited %d s at %s, approved by %s: %s" % (run.args.hold, waiting["evidence"]["hooks"][0]["lifecycleStage"],
                                                      approvals[0]["by"], deployment["status"])


def superseded(run, sweep):
    run.configure({"strategy": "LINEAR", "bakeTimeInMinutes": 1,
                   "linearConfiguration": {"stepPercent": 10.0, "stepBakeTimeInMinutes": 30}})
    set_id = run.deploy(run.new_release(), "a slow linear rollout, replaced behind our back")
    time.sleep(run.args.settle * 2)
    run.ecs.update_service(cluster=run.cluster, service=run.ecs_service, forceNewDeployment=True)
    replaced = time.time()
    deployment = run.await_end(set_id, sweep + 30)["deployments"][0]
    took = time.time() - replaced
    if deployment["status"] != "SUPERSEDED" or took > sweep + 5:
        fail("replaced by UpdateService: %s after %.0f s (one sweep is %d s): %s" % (deployment["status"], took, sweep,
                                                                                   deployment["reason"]))
    return "SUPERSEDED %.1f s after the SDK's UpdateService (a sweep every %d s): %s" % (took, sweep, deployment["reason"])


def alarm(run):
    run.configure({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 4,
                   "alarms": {"alarmNames": ["api-5xx"], "enable": True, "rollback": True}})
    arn = run.service()["serviceArn"]
    run.ecs.tag_resource(resourceArn=arn, tags=[{"key": "harbourmaster:local-alarm", "value": "api-5xx"}])
    try:
        set_id = run.deploy(run.new_release(), "a blue/green rollout whose alarm goes off")
        deployment = run.await_end(set_id, 120)["deployments"][0]
    finally:
        run.ecs.untag_resource(resourceArn=arn, tagKeys=["harbourmaster:local-alarm"])
    if deployment["status"] != "ROLLED_BACK" or "alarm api-5xx in ALARM" not in deployment["reason"]:
        fail("alarm: %s: %s" % (deployment["status"], deployment["reason"]))
    return "ROLLED_BACK: " + deployment["reason"][:160]


def by_action(counts_of_one_service):
    return ", ".join("%s %d" % a for a in sorted(counts_of_one_service.items()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default="catalogue")
    parser.add_argument("--env", default="prod")
    parser.add_argument("--service", default="id_minter")
    parser.add_argument("--settle", type=float, default=2.0, help="local mode's --settle, in seconds (default 2)")
    parser.add_argument("--sweep", type=float, default=30.0, help="local mode's sweep interval, in seconds (default 30)")
    parser.add_argument("--hold", type=int, default=40, help="seconds to leave a deployment at its hook (default 40)")
    parser.add_argument("--hm", default=HM[0], help="how to run hm (default bin/hm), e.g. 'java -jar cli/target/hm.jar'")
    args = parser.parse_args()
    HM[:] = shlex.split(args.hm)
    if "AWS_ENDPOINT_URL" not in os.environ:
        fail("AWS_ENDPOINT_URL is not set: run bin/hm local up and paste its export line into this shell")
    run = Run(args)
    try:
        rows = strategies(run)
        print("| strategy | as configured | took s | ECS requests | DynamoDB requests | EventBridge | all but stream and queue polling |")
        print("|---|---|---|---|---|---|---|")
        for name, described, took, diff in rows:
            ecs = diff.get("ecs", {})
            total = sum(n for service, actions in diff.items() if service not in BACKGROUND for n in actions.values())
            dynamodb = diff.get("dynamodb", {})
            print("| %s | %s | %.1f | %d (%s) | %d (%s) | %d | %d |" % (
                name, described, took, sum(ecs.values()), by_action(ecs), sum(dynamodb.values()), by_action(dynamodb),
                sum(diff.get("events", {}).values()), total))
        print()
        print("pause hook: " + approval(run))
        print("superseded: " + superseded(run, args.sweep))
        print("alarm:      " + alarm(run))
    finally:
        run.configure({"strategy": "ROLLING"})
    print("local-strategies: every strategy ended as ECS says, with the record right")


if __name__ == "__main__":
    main()
