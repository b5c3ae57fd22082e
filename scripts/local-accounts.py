#!/usr/bin/env python3
"""What runs in each AWS account, seen from outside with that account's own credentials, as a team's
CI would check it after a promotion: for every environment of the project, its ECS services in the
environment's account (STS AssumeRole into its roleArn; this shell's own credentials for an
environment in the stack's account), each container's image digest against what Harbourmaster's
record says runs there (`hm status`); then, in each account, whether the manifest's other
environments left anything there (their cluster, or their services in this environment's cluster).

    bin/hm local up -f examples/two-accounts.yml     # in one shell; paste its export line into another, then:
    .venv/moto/bin/python scripts/local-accounts.py [--project catalogue] [--promoted staging:prod]

--promoted FROM:TO also checks that TO's services run exactly the digests FROM's run, each in its own
account (the promotion went out whole). On the emulator an assumed role's credentials act in the
role's account, as on AWS; every call here is counted and timed. Exits 0 when ECS in every account
agrees with the record, 1 naming the first difference.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from collections import Counter

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HM = [os.path.join(ROOT, "bin", "hm")]  # --hm changes it
CALLS = Counter()


def fail(what):
    print("local-accounts: FAILED: " + what)
    sys.exit(1)


def hm_json(*args):
    done = subprocess.run([*HM, *args, "--output", "json"], capture_output=True, text=True)
    if done.returncode != 0:
        fail("hm %s: exit %d: %s" % (" ".join(args), done.returncode, done.stderr.strip()))
    return json.loads(done.stdout)


def counted(client):
    client.meta.events.register("before-call", lambda model, **_: CALLS.update(
        ["%s:%s" % (model.service_model.service_name, model.name)]))
    return client


class Account:
    """ECS as one environment's account answers it: through its role, or with this shell's credentials."""

    def __init__(self, role_arn, sts):
        if role_arn:
            credentials = sts.assume_role(RoleArn=role_arn, RoleSessionName="local-accounts")["Credentials"]
            self.session = boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                                         aws_secret_access_key=credentials["SecretAccessKey"],
                                         aws_session_token=credentials["SessionToken"])
        else:
            self.session = boto3.Session()
        identity = counted(self.session.client("sts")).get_caller_identity()
        self.id, self.arn, self.role_arn = identity["Account"], identity["Arn"], role_arn
        self.ecs = counted(self.session.client("ecs"))

    def cluster_exists(self, cluster):
        return any(c["status"] == "ACTIVE" for c in self.ecs.describe_clusters(clusters=[cluster])["clusters"])

    def services(self, cluster, names):
        """ECS service name -> (service, {container: image}), for those of names that exist in the cluster."""
        found = {}
        if not self.cluster_exists(cluster):
            return found
        for i in range(0, len(names), 10):
            for service in self.ecs.describe_services(cluster=cluster, services=names[i:i + 10])["services"]:
                if service.get("status") == "INACTIVE":
                    continue
                definition = self.ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
                found[service["serviceName"]] = (service, {c["name"]: c["image"] for c in definition["containerDefinitions"]})
        return found


def digest_of(image):
    return image.split("@", 1)[1] if "@" in image else None


def short(digest):
    return digest[:19] if digest else "-"


def ecs_name(environment, project, service):
    return environment["ecsServiceName"].replace("{project}", project).replace("{serviceSet}", service["set"]) \
        .replace("{service}", service["id"]).replace("{env}", environment["id"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", default="catalogue")
    parser.add_argument("--promoted", metavar="FROM:TO", help="TO runs exactly FROM's digests, e.g. staging:prod")
    parser.add_argument("--hm", default=HM[0], help="how to run hm (default bin/hm), e.g. 'java -jar cli/target/hm.jar'")
    args = parser.parse_args()
    HM[:] = shlex.split(args.hm)
    if "AWS_ENDPOINT_URL" not in os.environ:
        fail("AWS_ENDPOINT_URL is not set: run bin/hm local up and paste its export line into this shell")
    shown = hm_json("project", "show", "--project", args.project)
    status = hm_json("status", "--project", args.project)
    began = time.time()
    services = [dict(s, set=ss["id"]) for ss in shown["serviceSets"] for s in ss["services"]]
    record = {(s["environment"], s["service"]): {i["container"]: i["digest"] for i in (s.get("running") or {}).get("images", [])}
              for s in status["services"]}
    sts = counted(boto3.client("sts"))
    accounts = {}  # role ARN (None: this shell's own) -> Account
    placed = []    # (environment, account, {service id: {container: digest}})
    problems = []
    for environment in shown["environments"]:
        role = environment["placement"]["roleArn"]
        account = accounts.get(role) or accounts.setdefault(role, Account(role, sts))
        named = {ecs_name(environment, args.project, s): s for s in services}
        found = account.services(environment["cluster"], list(named))
        print("%s: cluster %s in account %s (%s)" % (environment["id"], environment["cluster"], account.id,
                                                     "as " + account.arn if role else "this shell's own credentials"))
        running = {}
        for name, service in named.items():
            if name not in found:
                problems.append("%s: no ECS service %s in %s of account %s" % (environment["id"], name,
                                                                                environment["cluster"], account.id))
                print("  %-10s %-30s missing" % (service["id"], name))
                continue
            ecs_service, images = found[name]
            digests = {container: digest_of(image) for container, image in images.items()}
            running[service["id"]] = digests
            recorded = record.get((environment["id"], service["id"]), {})
            agrees = recorded == digests if recorded else all(d is None for d in digests.values())
            definition_account = ecs_service["taskDefinition"].split(":")[4]
            print("  %-10s %-30s %s  task definition of %s  %s" % (
                service["id"], name, ", ".join("%s %s" % (c, short(d)) for c, d in sorted(digests.items())),
                definition_account, "= the record" if recorded and agrees else
                "never deployed" if agrees else "record says " + ", ".join(short(d) for d in recorded.values())))
            if not agrees:
                problems.append("%s/%s in account %s runs %s, the record says %s" % (
                    environment["id"], service["id"], account.id, digests, recorded))
            if definition_account != account.id:
                problems.append("%s/%s: task definition %s is not of account %s" % (
                    environment["id"], service["id"], ecs_service["taskDefinition"], account.id))
        placed.append((environment, account, running))
    print()
    for environment, account, _ in placed:
        for other, other_account, _ in placed:
            if other_account.id == account.id:
                continue  # the same account: its environments share it by design
            names = [ecs_name(other, args.project, s) for s in services]
            held = (["cluster " + other["cluster"]] if account.cluster_exists(other["cluster"]) else []) + [
                "service %s in %s" % (n, environment["cluster"]) for n in account.services(environment["cluster"], names)]
            print("account %s: %s" % (account.id, "holds " + ", ".join(held) if held else "no %s services (no cluster %s,"
                  " none of %s's ECS services in %s); %s is in %s" % (other["id"], other["cluster"], other["id"],
                                                                      environment["cluster"], other["id"], other_account.id)))
            problems += ["account %s holds %s's %s" % (account.id, other["id"], h) for h in held]
    if args.promoted:
        source, target = args.promoted.split(":", 1)
        runs = {e["id"]: (a, r) for e, a, r in placed}
        if source not in runs or target not in runs:
            fail("--promoted %s: no environment %s" % (args.promoted, source if source not in runs else target))
        (from_account, from_runs), (to_account, to_runs) = runs[source], runs[target]
        differ = [s for s in from_runs if from_runs[s] != to_runs.get(s)]
        print("promoted %s -> %s: %s" % (source, target, "%s runs %s's digests in every service (%d), in account %s; %s's in %s"
              % (target, source, len(from_runs), to_account.id, source, from_account.id) if not differ
              else "differs in " + ", ".join(differ)))
        problems += ["%s's %s does not run %s's digests" % (target, s, source) for s in differ]
    took = time.time() - began
    by_service = Counter()
    for call, n in CALLS.items():
        by_service[call.split(":")[0]] += n
    print("local-accounts: %d requests (%s), %.1f s" % (sum(CALLS.values()), ", ".join(
        "%s %d" % kv for kv in sorted(by_service.items())), took))
    if problems:
        fail(problems[0] + ("" if len(problems) == 1 else " (and %d more)" % (len(problems) - 1)))
    print("local-accounts: ECS in every account runs what the record says, and nothing of another account's environments")


if __name__ == "__main__":
    main()
