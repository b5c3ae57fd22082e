#!/usr/bin/env python3
"""Adopting an estate that something else built, as a new team would, from outside: boto3 makes ECR
images and ECS clusters and services in three shapes (as Terraform or the console leaves them), then
`bin/hm` reads them (`hm init`), local mode runs the manifest it wrote, unchanged, and hm adopts,
verifies and deploys. It reports, per shape, how many services hm init inferred right, and what it
could not infer.

    eval "$(scripts/moto.sh start)"        # an emulator of your own; then:
    .venv/moto/bin/python scripts/adopt-estate.py [--keep DIR]

The shapes:
  retail   clusters retail<id>-staging and retail<id>-production, services named {env}-{service},
           sets from the `team` tag; gateway runs its app (ECR) beside an Envoy and a Fluent Bit
           sidecar from public registries (left out, and said so).
  ops      clusters ops<id>-stage and ops<id>-live whose services follow no one rule across them
           (billing / billing-live, pdf-render / pdfrender-prod): listed by name, not by a rule.
Then, behind Harbourmaster's back, a revision of production-orders with FEATURE_X set (what a
`terraform apply` registers); production's base becomes `latest`, an image is pushed, and
`hm deploy` must show and record `+FEATURE_X`, and `hm diff` the environments' difference.

Exits 0 when every step ends as it should, 1 naming the first that does not.
"""
import argparse
import hashlib
import json
import os
import queue
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HM = [os.path.join(ROOT, "bin", "hm")]  # --hm changes it
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
SIDECARS = {"envoy": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
            "log-router": "amazon/aws-for-fluent-bit:stable"}


def fail(what):
    print("adopt-estate: FAILED: " + what)
    sys.exit(1)


def hm(*args, check=True):
    done = subprocess.run([*HM, *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        fail(f"hm {shlex.join(args)} exited {done.returncode}: {done.stdout}{done.stderr}")
    return done


def hm_json(*args):
    return json.loads(hm(*args, "-o", "json").stdout)


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


class Estate:
    """What boto3 makes, and what hm init should make of it."""

    def __init__(self, sfx):
        self.ecr = boto3.client("ecr")
        self.ecs = boto3.client("ecs")
        self.sfx = sfx
        self.expected = {}  # shape -> {env: {service: (ecs service name, {container: repository})}}

    def push(self, repository, tag, revision):
        try:
            self.ecr.create_repository(repositoryName=repository)
        except self.ecr.exceptions.RepositoryAlreadyExistsException:
            pass
        manifest = json.dumps({
            "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7,
                       "digest": "sha256:" + sha256(repository + tag + "config")},
            "layers": [],
            "annotations": {"org.opencontainers.image.revision": revision,
                            "org.opencontainers.image.description": f"{repository} at {revision[:7]}"},
        }, separators=(",", ":"))
        digest = "sha256:" + sha256(manifest)
        self.ecr.put_image(repositoryName=repository, imageManifest=manifest, imageManifestMediaType=MANIFEST_TYPE,
                           imageTag=tag, imageDigest=digest)
        uri = self.ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]["repositoryUri"]
        return uri + ":" + tag, digest

    def service(self, shape, env, cluster, name, service, containers, tags=None, environment=None):
        """containers: name -> (image, repository or None for a sidecar)"""
        definitions = [{"name": c, "image": image, "memory": 256, "essential": c == next(iter(containers)),
                        "environment": [{"name": k, "value": v} for k, v in (environment or {}).items()]}
                       for c, (image, _) in containers.items()]
        arn = self.ecs.register_task_definition(family=name, containerDefinitions=definitions,
                                                cpu="256", memory="1024")["taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(cluster=cluster, serviceName=name, taskDefinition=arn, desiredCount=2,
                                tags=[{"key": k, "value": v} for k, v in (tags or {}).items()])
        self.expected.setdefault(shape, {}).setdefault(env, {})[service] = (
            name, {c: repo for c, (_, repo) in containers.items() if repo})

    def build(self):
        retail, ops = f"retail{self.sfx}", f"ops{self.sfx}"
        images = {}
        for service in ("orders", "payments", "gateway"):
            repository = f"{retail}/{service}"
            images[service] = self.push(repository, "v1." + service[0], sha256(service + "1")[:40])[0], repository
        for env in ("staging", "production"):
            cluster = f"{retail}-{env}"
            self.ecs.create_cluster(clusterName=cluster)
            extra = {"FEATURE_NEW_CHECKOUT": "on"} if env == "staging" else {}
            self.service("retail", env, cluster, f"{env}-orders", "orders", {"orders": images["orders"]},
                         {"team": "checkout"}, {"LOG_LEVEL": "info", **extra})
            self.service("retail", env, cluster, f"{env}-payments", "payments", {"payments": images["payments"]},
                         {"team": "payments"}, {"LOG_LEVEL": "info"})
            self.service("retail", env, cluster, f"{env}-gateway", "gateway",
                         {"gateway": images["gateway"], **{c: (i, None) for c, i in SIDECARS.items()}},
                         {"team": "checkout"})
        billing = self.push(f"{ops}/billing", "2026.12.01", sha256("billing")[:40])[0], f"{ops}/billing"
        pdf = self.push(f"{ops}/pdf-render", "r17", sha256("pdf")[:40])[0], f"{ops}/pdf-render"
        for env, names in (("stage", ("billing", "pdf-render")), ("live", ("billing-live", "pdfrender-prod"))):
            cluster = f"{ops}-{env}"
            self.ecs.create_cluster(clusterName=cluster)
            self.service("ops", env, cluster, names[0], "billing", {"billing": billing})
            self.service("ops", env, cluster, names[1], "pdf-render", {"pdf-render": pdf})


def inferred(draft_json):
    """env -> service -> (ecs service name, {container: repository}) from hm init -o json's manifest."""
    import yaml  # the moto venv has PyYAML (moto needs it)
    manifest = yaml.safe_load(draft_json["manifest"])
    # One container is written as the service's repository: the container is named after the service.
    containers = {s["id"]: {c["name"]: c["repository"] for c in s["containers"]} if "containers" in s
                  else {s["id"]: s["repository"]} for ss in manifest["serviceSets"] for s in ss["services"]}
    sets = {s["id"]: ss["id"] for ss in manifest["serviceSets"] for s in ss["services"]}
    out = {}
    for env in manifest["environments"]:
        rule = env.get("ecsServiceName")
        names = env.get("ecsServiceNames", {})
        for service, repos in containers.items():
            name = names.get(service) or (rule.replace("{env}", env["id"]).replace("{service}", service)
                                          .replace("{project}", manifest["project"]["id"]).replace("{serviceSet}", sets[service])
                                          if rule else None)
            out.setdefault(env["id"], {})[service] = (name, repos)
    return manifest, out


def score(shape, expected, got):
    right, wrong = 0, []
    for env, services in expected.items():
        for service, want in services.items():
            have = got.get(env, {}).get(service)
            if have == want:
                right += 1
            else:
                wrong.append(f"{env}/{service}: expected {want}, inferred {have}")
    total = sum(len(s) for s in expected.values())
    print(f"  {shape}: {right} of {total} services inferred right" + "".join("\n    " + w for w in wrong))
    return not wrong


def init(estate, shape, clusters, directory, *extra):
    path = os.path.join(directory, f"{shape}.yml")
    args = ["init", "-f", path, "--project-id", f"{shape}{estate.sfx}"]
    for cluster in clusters:
        args += ["--cluster", cluster]
    draft = hm_json(*args, *extra)
    manifest, got = inferred(draft)
    ok = score(shape, estate.expected[shape], got)
    for out in draft["leftOut"]:
        print(f"    left out: {out['environment']}/{out['ecsService']}"
              + (f" container {out['container']} ({out['image']})" if out.get("container") else "") + f": {out['reason']}")
    for note in draft["notes"]:
        print("    note: " + note)
    sidecars = {o["container"] for o in draft["leftOut"] if o.get("container")}
    if shape == "retail" and sidecars != set(SIDECARS):
        fail(f"hm init should leave out and name the sidecars {sorted(SIDECARS)}, named {sorted(sidecars)}")
    if not ok:
        fail(f"hm init inferred {shape} wrongly")
    return path, manifest


class LocalMode:
    """hm local up on this shell's emulator, with one manifest, until stopped."""

    def __init__(self, manifest, table, settle):
        self.lines = queue.Queue()
        self.seen = []
        self.process = subprocess.Popen(
            [*HM, "local", "up", "-f", manifest, "--endpoint", os.environ["AWS_ENDPOINT_URL"], "--table", table,
             "--settle", settle, "--dashboard-port", "0", "--log", manifest + ".log"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        reader = threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True)
        reader.start()
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                line = None
            if line is not None:
                self.seen.append(line.rstrip())
                if line.startswith("Dashboard: "):
                    self.dashboard = line.split(" ", 1)[1].strip()
                    return
            if self.process.poll() is not None:
                reader.join(5)
                while not self.lines.empty():
                    self.seen.append(self.lines.get().rstrip())
                fail("hm local up ended early:\n" + "\n".join(self.seen))
        fail("hm local up printed no dashboard address within 120 s:\n" + "\n".join(self.seen))

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


def adopt_and_verify(project, path, envs):
    dry = hm("project", "apply", "-f", path, "--dry-run").stdout
    if "no changes" not in dry and "would be made" not in dry:
        fail(f"hm project apply --dry-run did not take {path} as written: {dry}")
    applied = hm_json("project", "apply", "-f", path, "--adopt")
    outcomes = [b["outcome"] for b in applied["baseline"]]
    if set(outcomes) != {"ADOPTED"}:
        fail(f"{project}: not every service adopted: {applied['baseline']}")
    status = hm_json("status", "-p", project)
    populated = [c for c in status["services"] if c.get("running") and c["running"].get("adopted")]
    if len(populated) != len(status["services"]):
        fail(f"{project}: hm status shows services with nothing running: {status['services']}")
    for env in envs:
        verify = hm("verify", "-p", project, "-e", env, check=False)
        if verify.returncode != 0 or "OK: ECS runs what the record says" not in verify.stdout:
            fail(f"hm verify -p {project} -e {env} is not OK on an estate nobody changed: {verify.stdout}{verify.stderr}")
    print(f"  {project}: {len(outcomes)} adopted; hm status shows {len(populated)} running; "
          f"hm verify OK in {', '.join(envs)}")


def wait_for_release(project, service, revision):
    deadline = time.time() + 60
    while time.time() < deadline:
        releases = hm_json("releases", "-p", project, "-s", service, "-n", "5")["items"]
        if any(r["releaseHash"] == revision for r in releases):
            return
        time.sleep(0.5)
    fail(f"no release {revision[:7]} of {service} within 60 s of its push")


def config_change(estate, project, path):
    """Terraform adds FEATURE_X to production-orders' family; production deploys from the latest revision."""
    ecs = estate.ecs
    running = ecs.describe_services(cluster=f"retail{estate.sfx}-production", services=["production-orders"])
    current = ecs.describe_task_definition(taskDefinition=running["services"][0]["taskDefinition"])["taskDefinition"]
    container = dict(current["containerDefinitions"][0])
    container["environment"] = container.get("environment", []) + [{"name": "FEATURE_X", "value": "on"}]
    ecs.register_task_definition(family=current["family"], containerDefinitions=[container], cpu="256", memory="1024")
    with open(path) as f:
        text = f.read()
    marker = "  - id: production\n"
    if marker not in text:
        fail(f"{path} has no '{marker.strip()}' environment to set taskDefinitionBase on")
    with open(path, "w") as f:
        f.write(text.replace(marker, marker + "    taskDefinitionBase: latest\n"))
    hm("project", "apply", "-f", path)

    revision = sha256("orders2")[:40]
    estate.push(f"retail{estate.sfx}/orders", "v2", revision)
    wait_for_release(project, "orders", revision)
    deployed = hm_json("deploy", "-p", project, "-e", "production", "-s", "orders", "-r", revision, "--yes",
                       "-m", "adopt-estate: the first deploy after adoption", "--timeout", "2m")
    plan = json.dumps(deployed)
    if "+FEATURE_X" not in plan:
        fail(f"hm deploy's plan does not name +FEATURE_X: {plan}")
    if deployed["releaseSet"]["status"] != "SUCCEEDED":
        fail(f"the deploy ended {deployed['releaseSet']['status']}: {deployed['releaseSet']}")
    set_id = deployed["releaseSet"]["id"]
    shown = hm_json("show", set_id)
    if "+FEATURE_X" not in json.dumps(shown["deployments"]):
        fail(f"hm show {set_id} does not record +FEATURE_X: {shown['deployments']}")
    ecs_now = ecs.describe_services(cluster=f"retail{estate.sfx}-production", services=["production-orders"])
    td = ecs.describe_task_definition(taskDefinition=ecs_now["services"][0]["taskDefinition"])["taskDefinition"]
    names = [e["name"] for e in td["containerDefinitions"][0].get("environment", [])]
    if "FEATURE_X" not in names:
        fail(f"ECS runs {td['taskDefinitionArn']} without FEATURE_X: {names}")
    diff = hm_json("diff", "-p", project, "staging", "production")
    orders = next(s for s in diff["services"] if s["service"] == "orders")
    if orders["config"] is None or "-FEATURE_X" not in orders["config"] or "+FEATURE_NEW_CHECKOUT" not in orders["config"]:
        fail(f"hm diff staging production does not compare orders' configuration: {orders['config']}")
    print(f"  {project}: deploy {set_id} registered {td['taskDefinitionArn'].rsplit('/', 1)[1]} from the latest "
          f"revision, config {', '.join(c for d in shown['deployments'] for c in (d.get('config') or {}).get('changes', []))}; "
          f"hm diff staging production: orders {', '.join(orders['config'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hm", help="how to run hm (default: bin/hm)")
    parser.add_argument("--keep", metavar="DIR", help="write the manifests here, and keep them")
    parser.add_argument("--settle", default="1s", help="how long a simulated ECS deployment takes (hm local up --settle)")
    args = parser.parse_args()
    if args.hm:
        HM[:] = shlex.split(args.hm)
    if not os.environ.get("AWS_ENDPOINT_URL"):
        fail('AWS_ENDPOINT_URL is not set: run eval "$(scripts/moto.sh start)" first (an emulator, never AWS)')
    sfx = uuid.uuid4().hex[:6]
    directory = args.keep or tempfile.mkdtemp(prefix="adopt-estate-")
    os.makedirs(directory, exist_ok=True)
    estate = Estate(sfx)
    estate.build()
    print(f"Built with boto3: {sum(len(s) for shape in estate.expected.values() for s in shape.values())} ECS services "
          f"in 4 clusters, suffix {sfx}. hm init:")
    retail, _ = init(estate, "retail", [f"retail{sfx}-staging", f"retail{sfx}-production"], directory, "--set-tag", "team")
    ops, _ = init(estate, "ops", [f"ops{sfx}-stage", f"ops{sfx}-live"], directory)

    table = f"adopt-estate-{sfx}"
    os.environ["HM_TABLE"] = table  # every hm command after this one reads local mode's table
    local = LocalMode(retail, table, args.settle)
    try:
        adopt_and_verify(f"retail{sfx}", retail, ["staging", "production"])
        adopt_and_verify(f"ops{sfx}", ops, ["stage", "live"])
        config_change(estate, f"retail{sfx}", retail)
    finally:
        local.stop()
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
    print("adopt-estate: OK")


if __name__ == "__main__":
    main()
