#!/usr/bin/env python3
"""IAM rules for template.yaml, checked on what CloudFormation receives: the template as SAM
translates it (SAM adds roles and managed policies of its own, which neither cfn-lint nor checkov
on template.yaml sees). Run by `make validate` with .venv/sam's Python (it has SAM's translator),
offline. Each statement is read as the stack deploys it with the parameters' defaults.

  1. No role has a managed policy but the two SAM gives every role it generates:
     AWSLambdaBasicExecutionRole (logs) and AWSXrayWriteOnlyAccess (Tracing). A DynamoDB event
     brings AWSLambdaDynamoDBExecutionRole, every stream of the account: stream functions have
     roles of their own.
  2. Stream reads (dynamodb:DescribeStream, GetRecords, GetShardIterator, ListStreams) name the
     table's stream, nothing else.
  3. iam:PassRole never names every role of the account (role/*).
  4. "Resource": "*" only for the actions that have no resource type (STAR_ONLY, with why).
  5. Every HTTP API stage is throttled and writes access logs.
  6. A role that another account may assume (a Principal AWS) names which of its principals
     (an aws:PrincipalArn condition), not the whole account.
  7. A template scoped by a ClusterNames parameter (spoke/template.yaml), read with
     ClusterNames=SAMPLE_CLUSTERS: every ECS grant but task definitions' names those clusters only
     (service/, task/, service-deployment/ ARNs, and ecs:ListTasks's ecs:cluster condition), and
     an ARN whose region is "*" comes with an aws:RequestedRegion condition.

Usage: template_check.py [--self-test] [TEMPLATE]   (default: template.yaml beside scripts/)
       --self-test breaks copies of the template in the ways above that apply to it and fails
       unless the check catches every one
"""
import copy
import logging
import re
import sys
from pathlib import Path

from samcli.lib.translate.sam_template_validator import SamTemplateValidator
from samcli.yamlhelper import yaml_parse

ROOT = Path(__file__).resolve().parent.parent
# SAM's translator warns of metrics it was never asked to publish, once per translation.
logging.getLogger("samtranslator").setLevel(logging.ERROR)

ALLOWED_MANAGED = {"AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess"}
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"}
STREAM_RESOURCES = {"<Table.StreamArn>", "<Table.Arn>/stream/*"}
# The clusters a ClusterNames template is read with (rule 7).
SAMPLE_CLUSTERS = ["catalogue-staging", "catalogue-prod"]
# ECS ARNs that name a cluster: service/CLUSTER/NAME, task/CLUSTER/ID,
# service-deployment/CLUSTER/SERVICE/ID, cluster/CLUSTER.
# (A segment may be a pseudo parameter left as <AWS::Region>.)
SEGMENT = r"(?:<[^>]*>|[^:<]*)"
CLUSTER_ARN = re.compile(rf"arn:{SEGMENT}:ecs:({SEGMENT}):{SEGMENT}:(service|task|service-deployment|cluster)/([^/]*)(/.*)?$")
TASK_DEFINITION_ARN = re.compile(rf"arn:{SEGMENT}:ecs:{SEGMENT}:{SEGMENT}:task-definition/")
STAR_ONLY = {
    "ecs:DescribeTaskDefinition": "no resource type (Service Authorization Reference)",
    "ecs:ListTasks": "no resource type without a container instance; scoped by the ecs:cluster condition",
    "xray:PutTraceSegments": "no resource type",
    "xray:PutTelemetryRecords": "no resource type",
}


class NoPolicyLoader:
    """Our templates name no managed policy by name, so SAM never has to look one up."""

    def load(self):
        return {}


def translate(template):
    text = SamTemplateValidator(copy.deepcopy(template), NoPolicyLoader(), region="eu-west-1").get_translated_template_if_valid()
    return yaml_parse(text)


class Defaults:
    """Intrinsics resolved as with the parameters' defaults (or the values given): attributes and
    pseudo parameters stay as <Name>; a CommaDelimitedList is a list."""

    def __init__(self, template, values=None):
        params = template.get("Parameters", {})
        self.params = {k: str(v.get("Default", "")) for k, v in params.items()}
        self.params.update(values or {})
        self.lists = {k for k, v in params.items() if str(v.get("Type", "")).startswith(("CommaDelimitedList", "List<"))}
        self.conditions = template.get("Conditions", {})

    def ref(self, name):
        if name in self.lists:
            return self.params[name].split(",")
        return self.params.get(name, f"<{name}>")

    def value(self, v):
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if not isinstance(v, dict) or len(v) != 1:
            return v
        (fn, arg), = v.items()
        if fn == "Ref":
            return self.ref(arg)
        if fn == "Fn::GetAtt":
            return "<" + (".".join(arg) if isinstance(arg, list) else arg) + ">"
        if fn == "Fn::Sub":
            text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])
            return re.sub(r"\$\{([^}!]+)\}", lambda m: str(self.value(extra[m.group(1)])) if m.group(1) in extra
                          else str(self.ref(m.group(1))), text)
        if fn == "Fn::Join":
            return arg[0].join(str(x) for x in self.value(arg[1]))
        if fn == "Fn::Split":
            return str(self.value(arg[1])).split(arg[0])
        if fn == "Fn::Select":
            return self.value(arg[1])[int(self.value(arg[0]))]
        if fn == "Fn::If":
            return self.value(arg[1] if self.condition(arg[0]) else arg[2])
        return v

    def deep(self, v):
        """value() all the way down; what resolves to AWS::NoValue is left out, as CloudFormation does."""
        v = self.value(v)
        if isinstance(v, dict):
            return {k: d for k, d in ((k, self.deep(x)) for k, x in v.items()) if d != "<AWS::NoValue>"}
        if isinstance(v, list):
            return [d for d in (self.deep(x) for x in v) if d != "<AWS::NoValue>"]
        return v

    def condition(self, c):
        if isinstance(c, str):
            return self.condition(self.conditions[c])
        (fn, arg), = c.items()
        if fn == "Fn::Equals":
            return self.value(arg[0]) == self.value(arg[1])
        if fn == "Fn::Not":
            return not self.condition(arg[0])
        if fn == "Fn::And":
            return all(self.condition(x) for x in arg)
        if fn == "Fn::Or":
            return any(self.condition(x) for x in arg)
        if fn == "Condition":
            return self.condition(arg)
        raise ValueError(f"condition function {fn} not understood")


def as_list(v):
    return v if isinstance(v, list) else [v]


def condition_values(st, key):
    """The values a statement's condition gives a key, whatever the operator."""
    return [str(x) for block in st.get("Condition", {}).values() if isinstance(block, dict)
            for x in as_list(block.get(key, []))]


def cluster_scope_problems(where, st, actions, resources):
    """Rule 7, for one statement of a template scoped by ClusterNames."""
    found = []
    for action in (a for a in actions if a.startswith("ecs:")):
        if action in STAR_ONLY and action != "ecs:ListTasks":
            continue
        named = [r for r in resources if r != "*" and not TASK_DEFINITION_ARN.match(r)]
        if action == "ecs:ListTasks":
            named = condition_values(st, "ecs:cluster")
            if not named:
                found.append(f"{where}: ecs:ListTasks without an ecs:cluster condition: every cluster")
        for arn in named:
            m = CLUSTER_ARN.match(arn)
            if not m or m.group(3) not in SAMPLE_CLUSTERS:
                found.append(f"{where}: {action} on {arn}: not one of the clusters of ClusterNames ({', '.join(SAMPLE_CLUSTERS)})")
            elif m.group(1) == "*" and not condition_values(st, "aws:RequestedRegion"):
                found.append(f"{where}: {action} on {arn}: any region, and no aws:RequestedRegion condition")
    return found


def trust_problems(rid, document):
    """Rule 6: a role another account may assume says which of its principals."""
    found = []
    for st in as_list(document.get("Statement", [])):
        principal = st.get("Principal", {})
        if st.get("Effect") == "Allow" and isinstance(principal, dict) and "AWS" in principal \
                and not condition_values(st, "aws:PrincipalArn"):
            found.append(f"{rid}: trusts {principal['AWS']} with no aws:PrincipalArn condition: every principal of the account")
    return found


def problems(template):
    found = []
    translated = translate(template)
    scoped = "ClusterNames" in translated.get("Parameters", {})
    defaults = Defaults(translated, {"ClusterNames": ",".join(SAMPLE_CLUSTERS)} if scoped else None)
    for rid, res in translated["Resources"].items():
        props = res.get("Properties", {})
        if res.get("Type") == "AWS::ApiGatewayV2::Stage":
            route = props.get("DefaultRouteSettings", {})
            if not (route.get("ThrottlingRateLimit") and route.get("ThrottlingBurstLimit")):
                found.append(f"{rid}: an HTTP API stage without throttling (DefaultRouteSettings)")
            if not props.get("AccessLogSettings", {}).get("DestinationArn"):
                found.append(f"{rid}: an HTTP API stage without access logs (AccessLogSettings)")
        if res.get("Type") != "AWS::IAM::Role":
            continue
        found += trust_problems(rid, defaults.deep(props.get("AssumeRolePolicyDocument", {})))
        for arn in props.get("ManagedPolicyArns", []):
            name = str(defaults.value(arn)).rsplit("/", 1)[-1]
            if name not in ALLOWED_MANAGED:
                found.append(f"{rid}: managed policy {name} (only {', '.join(sorted(ALLOWED_MANAGED))} may be attached)")
        for policy in props.get("Policies", []):
            for st in as_list(defaults.deep(policy["PolicyDocument"]).get("Statement", [])):
                if st.get("Effect") != "Allow":
                    continue
                sid = st.get("Sid", "?")
                actions = [str(a) for a in as_list(st.get("Action", []))]
                resources = [str(r) for r in as_list(st.get("Resource", []))]
                if scoped:
                    found += cluster_scope_problems(f"{rid} {sid}", st, actions, resources)
                for action in actions:
                    if action in STREAM_ACTIONS and set(resources) - STREAM_RESOURCES:
                        found.append(f"{rid} {sid}: {action} on {resources}: stream reads must name the table's stream")
                    if action == "iam:PassRole" and any(r == "*" or r.endswith(":role/*") for r in resources):
                        found.append(f"{rid} {sid}: iam:PassRole on {resources}: every role of the account")
                    if "*" in resources and action not in STAR_ONLY:
                        found.append(f"{rid} {sid}: {action} on \"*\" (only {', '.join(STAR_ONLY)} have no resource type)")
                    if "*" in action:
                        found.append(f"{rid} {sid}: wildcard action {action}")
    return found


def statement(template, role, sid):
    statements = template["Resources"][role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    return next(s for s in statements if isinstance(s, dict) and s.get("Sid") == sid)


def broken_copies(template):
    """One copy of the template per broad grant the check must catch."""
    if "WorkloadRole" in template["Resources"]:
        yield from broken_spoke_copies(template)
        return
    generated_stream_role = copy.deepcopy(template)
    fn = generated_stream_role["Resources"]["DeployerFunction"]["Properties"]
    del fn["Role"]
    fn["Policies"] = [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:GetItem"],
                                                               "Resource": {"Fn::GetAtt": ["Table", "Arn"]}}]}]
    yield "the deployer back on a SAM-generated role", generated_stream_role

    every_stream = copy.deepcopy(template)
    statements = every_stream["Resources"]["DomainEventsRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    next(s for s in statements if s.get("Sid") == "ReadTableStream")["Resource"] = "*"
    yield "stream reads on every stream", every_stream

    every_role = copy.deepcopy(template)
    statements = every_role["Resources"]["DeployerRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    passrole = next(s for s in statements if s.get("Sid") == "PassTaskRoles")
    passrole["Resource"]["Fn::If"][2] = {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"}
    yield "PassRole on every role by default", every_role

    star_write = copy.deepcopy(template)
    policies = star_write["Resources"]["SweeperFunction"]["Properties"]["Policies"]
    policies[0]["Statement"].append({"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": "*"})
    yield "a write on \"*\" in a SAM function's Policies", star_write

    unthrottled = copy.deepcopy(template)
    del unthrottled["Resources"]["DashboardHttpApi"]["Properties"]["DefaultRouteSettings"]
    yield "the HTTP API without throttling", unthrottled


def broken_spoke_copies(template):
    """spoke/template.yaml's copies: its workload role made broader in each way rules 3, 6 and 7 catch."""
    every_cluster = copy.deepcopy(template)
    statement(every_cluster, "WorkloadRole", "RollServices")["Resource"] = "arn:*:ecs:*:*:service/*/*"
    yield "UpdateService on every cluster", every_cluster

    every_cluster_tasks = copy.deepcopy(template)
    del statement(every_cluster_tasks, "WorkloadRole", "ListServiceTasks")["Condition"]["ArnLike"]
    yield "ListTasks without its ecs:cluster condition", every_cluster_tasks

    every_region = copy.deepcopy(template)
    del statement(every_region, "WorkloadRole", "DescribeServiceTasks")["Condition"]
    yield "DescribeTasks in every region", every_region

    whole_account = copy.deepcopy(template)
    del whole_account["Resources"]["WorkloadRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["ArnLike"]
    yield "the hub's whole account trusted", whole_account

    every_role = copy.deepcopy(template)
    statement(every_role, "WorkloadRole", "PassTaskRoles")["Resource"]["Fn::If"][2] = {
        "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"}
    yield "PassRole on every role by default", every_role


def main(argv):
    self_test = "--self-test" in argv
    paths = [a for a in argv if a != "--self-test"]
    path = Path(paths[0]).resolve() if paths else ROOT / "template.yaml"
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    template = yaml_parse(path.read_text())
    found = problems(template)
    for p in found:
        print(f"template_check: {name}: {p}", file=sys.stderr)
    if found:
        return 1
    if self_test:
        missed = []
        for what, broken in broken_copies(template):
            caught = problems(broken)
            print(f"template_check --self-test: {what}: {'caught: ' + caught[0] if caught else 'MISSED'}")
            if not caught:
                missed.append(what)
        if missed:
            print(f"template_check: the check misses: {', '.join(missed)}", file=sys.stderr)
            return 1
    scoped = "; ECS grants on the clusters of ClusterNames only" if "ClusterNames" in template.get("Parameters", {}) else ""
    print(f"template_check: {name}: no role has a managed policy beyond {', '.join(sorted(ALLOWED_MANAGED))}; "
          "stream reads on the table's stream only; PassRole on no account-wide pattern; \"*\" only where IAM has no resource type; "
          f"HTTP API stages throttled and logged; no other account trusted whole{scoped}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
