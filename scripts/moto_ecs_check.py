"""Checks scripts/moto_ecs_deployments.py (ECS's service deployments API on our moto) over HTTP,
through boto3, on a server of its own on a free loopback port: every operation, their shapes,
errors (code and HTTP status), pagination, the 20-ARN limit, a deployment replaced by a later
UpdateService, a pause hook answered both ways, and both kinds of stop.

    .venv/moto/bin/python scripts/moto_ecs_check.py

Exits 0 and says so; 1 with the first check that failed. `make test` runs it.
"""
import json
import sys
import urllib.error
import urllib.request

import boto3
from botocore.exceptions import ClientError

from moto_server_check import OURS, clients, server

LINEAR_WITH_PAUSE = {"strategy": "LINEAR", "bakeTimeInMinutes": 5,
                     "linearConfiguration": {"stepPercent": 20.0, "stepBakeTimeInMinutes": 2},
                     "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
                                         "timeoutConfiguration": {"timeoutInMinutes": 30, "action": "ROLLBACK"}}]}


def check(what, holds):
    if not holds:
        print("moto_ecs_check: FAILED: " + what)
        sys.exit(1)


def refused(call, code, status):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"] == code and e.response["ResponseMetadata"]["HTTPStatusCode"] == status
    return False


def described(ecs, arn):
    return ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0]


def control(endpoint, body):
    """POSTs to the emulator's hand of ECS's scheduler; (HTTP status, answer)."""
    request = urllib.request.Request(endpoint + "/_harbourmaster/ecs/service-deployment", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def check_control(ecs, endpoint, definition):
    """ECS's own part, played through the control: success, an alarm rollback back to the revision before."""
    older = ecs.register_task_definition(family="f", containerDefinitions=[
        {"name": "app", "image": "r/app@sha256:" + "b" * 64, "memory": 128}])["taskDefinition"]["taskDefinitionArn"]
    ecs.update_service(cluster="c", service="s", taskDefinition=older)
    arn = ecs.update_service(cluster="c", service="s", taskDefinition=definition)["service"]["currentServiceDeployment"]
    status, answer = control(endpoint, {"serviceDeploymentArn": arn, "lifecycleStage": "BAKE_TIME"})
    check("the control moves the lifecycle stage", status == 200 and described(ecs, arn)["lifecycleStage"] == "BAKE_TIME")
    before = ecs.describe_services(cluster="c", services=["s"])["services"][0]["deployments"][0]["id"]
    status, answer = control(endpoint, {"serviceDeploymentArn": arn, "status": "ROLLBACK_IN_PROGRESS",
                                        "alarms": {"status": "TRIGGERED", "alarmNames": ["p99"], "triggeredAlarmNames": ["p99"]},
                                        "rollback": {"reason": "alarm p99 in ALARM"}})
    rolling_back = described(ecs, arn)
    service = ecs.describe_services(cluster="c", services=["s"])["services"][0]
    check("a rollback is recorded as described, with the alarms", status == 200
          and rolling_back["status"] == "ROLLBACK_IN_PROGRESS" and rolling_back["alarms"]["triggeredAlarmNames"] == ["p99"]
          and rolling_back["rollback"]["reason"] == "alarm p99 in ALARM")
    check("the service goes back to the revision before, with a deployment of its own",
          service["taskDefinition"] == older and answer["ecsDeploymentId"] == service["deployments"][0]["id"] != before)
    control(endpoint, {"serviceDeploymentArn": arn, "status": "ROLLBACK_SUCCESSFUL", "statusReason": "rolled back"})
    check("a status that ends it dates it", described(ecs, arn)["status"] == "ROLLBACK_SUCCESSFUL"
          and "finishedAt" in described(ecs, arn))
    check("an unknown deployment: 404", control(endpoint, {"serviceDeploymentArn": arn + "x", "status": "SUCCESSFUL"})[0] == 404)
    status, answer = control(endpoint, {"serviceDeploymentArn": arn, "status": "DONE"})
    check("an unknown status: 400 naming the statuses", status == 400 and "SUCCESSFUL" in answer["message"])
    check("an unknown field: 400", control(endpoint, {"serviceDeploymentArn": arn, "colour": "red"})[0] == 400)


def main():
    process, endpoint = server(OURS)
    try:
        ecs = boto3.client("ecs", **clients(endpoint))
        ecs.create_cluster(clusterName="c")
        digest = "sha256:" + "a" * 64
        definition = ecs.register_task_definition(family="f", containerDefinitions=[
            {"name": "app", "image": "r/app@" + digest, "memory": 128}])["taskDefinition"]["taskDefinitionArn"]
        created = ecs.create_service(cluster="c", serviceName="s", taskDefinition=definition, desiredCount=1,
                                     deploymentConfiguration=LINEAR_WITH_PAUSE)["service"]
        check("CreateService keeps the deployment configuration",
              created["deploymentConfiguration"]["strategy"] == "LINEAR")
        first = created["currentServiceDeployment"]
        check("CreateService's service deployment is SUCCESSFUL", described(ecs, first)["status"] == "SUCCESSFUL")

        second = ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]["currentServiceDeployment"]
        rolling = described(ecs, second)
        check("UpdateService starts a service deployment IN_PROGRESS", rolling["status"] == "IN_PROGRESS" and second != first)
        check("it rolls from the revision before", rolling["sourceServiceRevisions"][0]["arn"]
              == described(ecs, first)["targetServiceRevision"]["arn"])
        check("it carries the service's configuration", rolling["deploymentConfiguration"]["linearConfiguration"]["stepPercent"] == 20.0)
        hook = rolling["lifecycleHookDetails"][0]
        check("its pause hook awaits action at its stage", hook["status"] == "AWAITING_ACTION"
              and rolling["lifecycleStage"] == "POST_TEST_TRAFFIC_SHIFT" and hook["timeoutAction"] == "ROLLBACK")
        check("DescribeServices names it", ecs.describe_services(cluster="c", services=["s"])["services"][0]
              ["currentServiceDeployment"] == second)
        revisions = ecs.describe_service_revisions(serviceRevisionArns=[rolling["targetServiceRevision"]["arn"], "arn:x"])
        check("DescribeServiceRevisions gives each container's digest", revisions["serviceRevisions"][0]["containerImages"]
              == [{"containerName": "app", "image": "r/app@" + digest, "imageDigest": digest}])
        check("an unknown revision is a failure MISSING", revisions["failures"] == [{"arn": "arn:x", "reason": "MISSING"}])

        check("a hook that does not wait is a conflict", refused(lambda: ecs.continue_service_deployment(
            serviceDeploymentArn=second, hookId="nope", action="CONTINUE"), "ConflictException", 400))
        ecs.continue_service_deployment(serviceDeploymentArn=second, hookId=hook["hookId"], action="CONTINUE")
        check("CONTINUE: the hook SUCCEEDED, the deployment goes on", described(ecs, second)["lifecycleHookDetails"][0]["status"]
              == "SUCCEEDED" and described(ecs, second)["status"] == "IN_PROGRESS")

        third = ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]["currentServiceDeployment"]
        replaced = described(ecs, second)
        check("a later UpdateService stops the one in flight", replaced["status"] == "STOPPED" and "stoppedAt" in replaced
              and replaced["statusReason"])
        ecs.continue_service_deployment(serviceDeploymentArn=third, hookId=described(ecs, third)["lifecycleHookDetails"][0]
                                        ["hookId"], action="ROLLBACK")
        rejected = described(ecs, third)
        check("ROLLBACK at a hook: the hook FAILED, the deployment rolled back", rejected["status"] == "ROLLBACK_SUCCESSFUL"
              and rejected["lifecycleHookDetails"][0]["status"] == "FAILED" and rejected["rollback"]["reason"])

        fourth = ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]["currentServiceDeployment"]
        ecs.stop_service_deployment(serviceDeploymentArn=fourth, stopType="ABORT")
        check("StopServiceDeployment ABORT: STOPPED", described(ecs, fourth)["status"] == "STOPPED")
        fifth = ecs.update_service(cluster="c", service="s", forceNewDeployment=True)["service"]["currentServiceDeployment"]
        ecs.stop_service_deployment(serviceDeploymentArn=fifth, stopType="ROLLBACK")
        check("StopServiceDeployment ROLLBACK: ROLLBACK_SUCCESSFUL", described(ecs, fifth)["status"] == "ROLLBACK_SUCCESSFUL")
        check("stopping one that ended is a conflict", refused(lambda: ecs.stop_service_deployment(
            serviceDeploymentArn=fifth, stopType="ABORT"), "ConflictException", 400))
        check("stopping an unknown one: ServiceDeploymentNotFoundException", refused(lambda: ecs.stop_service_deployment(
            serviceDeploymentArn=first + "x", stopType="ABORT"), "ServiceDeploymentNotFoundException", 400))

        check("more than 20 ARNs are refused", refused(lambda: ecs.describe_service_deployments(
            serviceDeploymentArns=["arn:%d" % i for i in range(21)]), "InvalidParameterException", 400))
        pages, token = [], None
        while True:
            page = ecs.list_service_deployments(cluster="c", service="s", maxResults=2, **({"nextToken": token} if token else {}))
            pages.append([d["serviceDeploymentArn"] for d in page["serviceDeployments"]])
            token = page.get("nextToken")
            if not token:
                break
        check("ListServiceDeployments pages newest first through nextToken", pages == [[fifth, fourth], [third, second], [first]])
        stopped = ecs.list_service_deployments(cluster="c", service="s", status=["STOPPED"])["serviceDeployments"]
        check("and filters by status", [d["serviceDeploymentArn"] for d in stopped] == [fourth, second])
        check("maxResults over 100 is refused", refused(lambda: ecs.list_service_deployments(
            cluster="c", service="s", maxResults=101), "InvalidParameterException", 400))
        check_control(ecs, endpoint, definition)
        with urllib.request.urlopen(endpoint + "/_harbourmaster/requests") as answer:
            counts = json.loads(answer.read())
        key = ecs._request_signer._credentials.access_key
        sts = boto3.client("sts", **clients(endpoint))
        sts.get_caller_identity()
        with urllib.request.urlopen(endpoint + "/_harbourmaster/requests") as answer:
            after = json.loads(answer.read())
        check("requests are counted by access key, service and action (moto_server.py's change 7), the query"
              " protocol's from its form", counts[key]["ecs"]["UpdateService"] == 6 and counts[key]["ecs"]["CreateService"] == 1
              and after[key]["sts"]["GetCallerIdentity"] == 1)
    finally:
        process.kill()
    print("moto_ecs_check: ECS's service deployments API answers as AWS's reference describes (every operation,"
          " errors, pagination, superseding, pause hooks, stops) and ECS's part can be played through the control")


if __name__ == "__main__":
    main()
