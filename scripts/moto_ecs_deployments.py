"""ECS's service deployments API (2025), which moto lacks, on moto's ECS: imported by
scripts/moto_server.py. Shapes, errors and pagination follow AWS's API reference (botocore's ECS
model names every field used here); what it does NOT model is listed at the end.

- CreateService keeps the deploymentConfiguration it is given (moto dropped it) and starts a
  service deployment that is at once SUCCESSFUL (moto's services are steady when created).
- UpdateService that starts a deployment (forceNewDeployment, or another task definition) starts
  a service deployment IN_PROGRESS, its targetServiceRevision the new revision and its
  sourceServiceRevisions the one before, with the service's deploymentConfiguration. A service
  deployment of the service still in flight is STOPPED at once, as ECS stops a deployment that a
  later one replaces (statusReason in our words: AWS documents the status, not its text). A
  PAUSE lifecycle hook of the configuration waits AWAITING_ACTION at its first stage, until
  now + its timeout (default 1,440 minutes), lifecycleStage that stage.
- DescribeServices carries currentServiceDeployment (the newest service deployment's ARN).
- ListServiceDeployments (cluster, service, status, createdAt, maxResults 1..100, nextToken;
  newest first), DescribeServiceDeployments and DescribeServiceRevisions (at most 20 ARNs; the
  unknown in failures with reason MISSING).
- StopServiceDeployment (ABORT or ROLLBACK) of one in flight: ECS's STOP_REQUESTED and
  ROLLBACK_REQUESTED are passed through at once to STOPPED and ROLLBACK_SUCCESSFUL, as no ECS
  scheduler runs here to do the work; rollback.reason says who asked. One already ended:
  ConflictException. An unknown ARN: ServiceDeploymentNotFoundException.
- ContinueServiceDeployment (hookId, action CONTINUE or ROLLBACK) of a hook AWAITING_ACTION:
  CONTINUE makes the hook SUCCEEDED (the deployment stays IN_PROGRESS); ROLLBACK makes it FAILED
  and the deployment ROLLBACK_SUCCESSFUL. No hook of that id waiting: ConflictException.

ECS's own part (no AWS API does it; ours only): POST /_harbourmaster/ecs/service-deployment with
a JSON body is what ECS's scheduler would do to a service deployment, for local mode's ECS
simulator and for tests that play ECS: {"serviceDeploymentArn", and any of "status" (one of the
nine), "statusReason", "lifecycleStage", "alarms" ({status, alarmNames, triggeredAlarmNames}),
"deploymentCircuitBreaker" ({status, failureCount, threshold}), "hook" ({hookId, status}: a
lifecycle hook's new status), "rollback" ({reason}: ECS starts rolling back: the rollback is
recorded as DescribeServiceDeployments shows it, the service goes back to the source revision's
task definition, and its PRIMARY deployment gets a new ecs-svc id, as ECS rolls back with a
deployment of its own)}. It answers 200 with {"serviceDeployment": the deployment as described,
"ecsDeploymentId": the service's PRIMARY deployment id}; 404 for an unknown ARN; 400 naming what is
wrong in the body. A status that ends the deployment dates it (finishedAt or stoppedAt).

Not modelled: ECS never advances a deployment by itself here (no tasks, no traffic shifting, no
bake time, no alarm or circuit-breaker evaluation, no hook timeout): tests and local mode play
ECS's part, through the control above and ECS's own events. A pause hook waits from the moment the
deployment starts, whatever its stage. No Lambda hooks. IAM on these actions is not checked.
"""
import json
import threading
import uuid
from datetime import datetime, timedelta

from moto.moto_server.werkzeug_app import DomainDispatcherApplication

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ecs import models as ecs_models
from moto.ecs.responses import EC2ContainerServiceResponse

_LOCK = threading.RLock()
_DEPLOYMENTS = {}  # service deployment ARN -> dict in the ServiceDeployment shape
_REVISIONS = {}    # service revision ARN -> dict in the ServiceRevision shape
_SERVICES = {}     # service deployment ARN -> moto's service it deploys
_IN_FLIGHT = {"PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"}
_STATUSES = _IN_FLIGHT | {"SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"}
_HOOK_STATUSES = {"AWAITING_ACTION", "IN_PROGRESS", "SUCCEEDED", "FAILED"}
CONTROL_PATH = "/_harbourmaster/ecs/service-deployment"
MAX_DESCRIBED = 20


class _Error(ServiceException):
    def __init__(self, code, message):
        super().__init__(code, message)


# moto finds an error's shape (and HTTP status) in the model of the service its class's module names.
_Error.__module__ = "moto.ecs.exceptions"


def _not_found(arn):
    return _Error("ServiceDeploymentNotFoundException", "The service deployment " + arn + " does not exist.")


def _arn(service, kind):
    return "arn:aws:ecs:%s:%s:%s/%s/%s/%s" % (service.region_name, service._account_id, kind, service.cluster_name,
                                               service.name, uuid.uuid4().hex[:21])


def _revision(service):
    backend = service._backend
    images = []
    if service.task_definition:
        definition = backend.describe_task_definition(service.task_definition)
        for container in definition.container_definitions:
            image = container.get("image", "")
            entry = {"containerName": container.get("name"), "image": image}
            if "@sha256:" in image:
                entry["imageDigest"] = image.split("@", 1)[1]
            images.append(entry)
    arn = _arn(service, "service-revision")
    _REVISIONS[arn] = {"serviceRevisionArn": arn, "serviceArn": service.arn, "clusterArn": service.cluster_arn,
                       "taskDefinition": service.task_definition, "launchType": service.launch_type,
                       "containerImages": images, "createdAt": utcnow()}
    return arn


def _pause_hooks(configuration, now):
    hooks = [h for h in (configuration or {}).get("lifecycleHooks", []) if h.get("targetType") == "PAUSE"]
    if not hooks:
        return [], None
    first = hooks[0]
    minutes = (first.get("timeoutConfiguration") or {}).get("timeoutInMinutes", 1440)
    detail = {"hookId": "ecs-pause-" + uuid.uuid4().hex[:16], "targetType": "PAUSE", "status": "AWAITING_ACTION",
              "expiresAt": now + timedelta(minutes=minutes),
              "timeoutAction": (first.get("timeoutConfiguration") or {}).get("action", "ROLLBACK")}
    return [detail], (first.get("lifecycleStages") or ["POST_TEST_TRAFFIC_SHIFT"])[0]


def _start(service, status, source):
    now = utcnow()
    target = _revision(service)
    configuration = getattr(service, "deployment_configuration", None) or {}
    hooks, stage = _pause_hooks(configuration, now) if status == "IN_PROGRESS" else ([], None)
    arn = _arn(service, "service-deployment")
    deployment = {"serviceDeploymentArn": arn, "serviceArn": service.arn, "clusterArn": service.cluster_arn,
                  "createdAt": now, "startedAt": now, "updatedAt": now, "status": status,
                  "sourceServiceRevisions": [{"arn": source}] if source else [],
                  "targetServiceRevision": {"arn": target, "requestedTaskCount": service.desired_count},
                  "deploymentConfiguration": configuration, "lifecycleHookDetails": hooks}
    if stage:
        deployment["lifecycleStage"] = stage
    if status == "SUCCESSFUL":
        deployment["finishedAt"] = now
    _DEPLOYMENTS[arn] = deployment
    _SERVICES[arn] = service
    service.current_service_deployment = arn
    return deployment


def _of_service(service):
    return sorted((d for d in _DEPLOYMENTS.values() if d["serviceArn"] == service.arn), key=lambda d: d["createdAt"],
                  reverse=True)


def _end(deployment, status, reason):
    now = utcnow()
    deployment.update(status=status, statusReason=reason, updatedAt=now)
    deployment["finishedAt" if status in ("SUCCESSFUL", "ROLLBACK_SUCCESSFUL") else "stoppedAt"] = now


def _start_rollback(deployment, reason):
    """ECS rolls the service back to the revision it came from, with a deployment of its own."""
    source = (deployment["sourceServiceRevisions"] or [{}])[0].get("arn")
    deployment["rollback"] = {"reason": reason, "startedAt": utcnow(), "serviceRevisionArn": source}
    service = _service_of(deployment)
    if service is not None and source in _REVISIONS:
        service.task_definition = _REVISIONS[source]["taskDefinition"]
        for primary in [d for d in service.deployments if d.get("status") == "PRIMARY"][:1]:
            primary["id"] = "ecs-svc/" + str(uuid.uuid4().int % 10 ** 19)
            primary["taskDefinition"] = service.task_definition
            primary["updatedAt"] = utcnow()


def _service_of(deployment):
    return _SERVICES.get(deployment["serviceDeploymentArn"])


_original_create = EC2ContainerServiceResponse.create_service
_original_update = ecs_models.EC2ContainerServiceBackend.update_service
_original_describe_services = EC2ContainerServiceResponse.describe_services


def _describe_services(self):
    # moto serves requests on threads: without the lock, a DescribeServices between moto's own
    # UpdateService and _start's could see the new primary deployment with the service deployment
    # before it (SUCCESSFUL), which ECS never shows (local mode's simulator then took the new
    # deployment for one ended from outside, and never played it).
    with _LOCK:
        return _original_describe_services(self)


def _create_service(self):
    result = _original_create(self)
    service = result.result["service"] if hasattr(result, "result") else None
    with _LOCK:
        service = service or self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("serviceName"))
        service.deployment_configuration = self._get_param("deploymentConfiguration")
        _start(service, "SUCCESSFUL", None)
    return result


def _update_service(backend, properties):
    with _LOCK:
        cluster = properties.get("cluster", "default")
        name = properties.get("service", "").split("/")[-1]
        before = backend._get_service(cluster, name)
        before_definition = before.task_definition
        new_definition = properties.get("task_definition")
        starts = properties.get("force_new_deployment") or (new_definition and new_definition != before_definition)
        service = _original_update(backend, properties)
        if starts:
            previous = _of_service(service)
            for d in previous:
                if d["status"] in _IN_FLIGHT:
                    _end(d, "STOPPED", "ECS stopped the deployment: a later deployment of the service replaced it")
            _start(service, "IN_PROGRESS", previous[0]["targetServiceRevision"]["arn"] if previous else None)
        return service


def _described(self, table, key):
    arns = self._get_param(key) or []
    if len(arns) > MAX_DESCRIBED:
        raise _Error("InvalidParameterException", "%s can have at most %d entries." % (key, MAX_DESCRIBED))
    with _LOCK:
        found = [table[a] for a in arns if a in table]
        failures = [{"arn": a, "reason": "MISSING"} for a in arns if a not in table]
    return found, failures


def _describe_service_deployments(self):
    found, failures = _described(self, _DEPLOYMENTS, "serviceDeploymentArns")
    return ActionResult({"serviceDeployments": found, "failures": failures})


def _describe_service_revisions(self):
    found, failures = _described(self, _REVISIONS, "serviceRevisionArns")
    return ActionResult({"serviceRevisions": found, "failures": failures})


def _list_service_deployments(self):
    service = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("service"))
    statuses = self._get_param("status") or []
    created = self._get_param("createdAt") or {}
    limit = self._get_param("maxResults") or 20
    if not 1 <= int(limit) <= 100:
        raise _Error("InvalidParameterException", "maxResults must be between 1 and 100.")
    start = int(self._get_param("nextToken") or 0)
    with _LOCK:
        listed = [d for d in _of_service(service) if (not statuses or d["status"] in statuses)
                  and (not created.get("after") or d["createdAt"] >= _time(created["after"]))
                  and (not created.get("before") or d["createdAt"] <= _time(created["before"]))]
    page = listed[start:start + int(limit)]
    brief = [{k: d[k] for k in ("serviceDeploymentArn", "serviceArn", "clusterArn", "startedAt", "createdAt", "finishedAt",
                                "status", "statusReason") if k in d} | {"targetServiceRevisionArn": d["targetServiceRevision"]["arn"]}
             for d in page]
    answer = {"serviceDeployments": brief}
    if start + int(limit) < len(listed):
        answer["nextToken"] = str(start + int(limit))
    return ActionResult(answer)


def _time(value):
    from datetime import datetime, timezone
    return value if not isinstance(value, (int, float)) else datetime.fromtimestamp(value, tz=timezone.utc).replace(tzinfo=None)


def _in_flight(arn):
    deployment = _DEPLOYMENTS.get(arn)
    if deployment is None:
        raise _not_found(arn or "")
    if deployment["status"] not in _IN_FLIGHT:
        raise _Error("ConflictException", "The service deployment " + arn + " is " + deployment["status"]
                     + ": only one in progress can be changed.")
    return deployment


def _stop_service_deployment(self):
    arn = self._get_param("serviceDeploymentArn")
    stop_type = self._get_param("stopType") or "ROLLBACK"
    if stop_type not in ("ABORT", "ROLLBACK"):
        raise _Error("InvalidParameterException", "stopType must be ABORT or ROLLBACK.")
    with _LOCK:
        deployment = _in_flight(arn)
        if stop_type == "ABORT":
            _end(deployment, "STOPPED", "Stopped by StopServiceDeployment (ABORT).")
        else:
            deployment["rollback"] = {"reason": "StopServiceDeployment (ROLLBACK)", "startedAt": utcnow(),
                                      "serviceRevisionArn": (deployment["sourceServiceRevisions"] or [{}])[0].get("arn")}
            _end(deployment, "ROLLBACK_SUCCESSFUL", "Rolled back by StopServiceDeployment (ROLLBACK).")
    return ActionResult({"serviceDeploymentArn": arn})


def _continue_service_deployment(self):
    arn = self._get_param("serviceDeploymentArn")
    hook_id = self._get_param("hookId")
    action = self._get_param("action")
    if action not in ("CONTINUE", "ROLLBACK"):
        raise _Error("InvalidParameterException", "action must be CONTINUE or ROLLBACK.")
    with _LOCK:
        deployment = _in_flight(arn)
        hook = next((h for h in deployment["lifecycleHookDetails"] if h["hookId"] == hook_id), None)
        if hook is None or hook["status"] != "AWAITING_ACTION":
            raise _Error("ConflictException", "No lifecycle hook " + str(hook_id) + " awaits action in " + arn + ".")
        hook["status"] = "SUCCEEDED" if action == "CONTINUE" else "FAILED"
        deployment["updatedAt"] = utcnow()
        if action == "ROLLBACK":
            deployment["rollback"] = {"reason": "ContinueServiceDeployment ROLLBACK at hook " + hook_id, "startedAt": utcnow(),
                                      "serviceRevisionArn": (deployment["sourceServiceRevisions"] or [{}])[0].get("arn")}
            _end(deployment, "ROLLBACK_SUCCESSFUL", "Rolled back at lifecycle hook " + hook_id + ".")
    return ActionResult({"serviceDeploymentArn": arn})


class _BadControl(Exception):
    pass


def _control(body):
    """ECS's scheduler's hand on one service deployment (see the module's docstring)."""
    try:
        asked = json.loads(body or b"{}")
    except ValueError as e:
        raise _BadControl("the body is not JSON: %s" % e)
    if not isinstance(asked, dict):
        raise _BadControl("the body must be a JSON object")
    unknown = set(asked) - {"serviceDeploymentArn", "status", "statusReason", "lifecycleStage", "alarms",
                            "deploymentCircuitBreaker", "hook", "rollback"}
    if unknown:
        raise _BadControl("unknown fields: " + ", ".join(sorted(unknown)))
    status = asked.get("status")
    if status is not None and status not in _STATUSES:
        raise _BadControl("status must be one of " + ", ".join(sorted(_STATUSES)))
    hook = asked.get("hook")
    if hook is not None and (not isinstance(hook, dict) or hook.get("status") not in _HOOK_STATUSES):
        raise _BadControl("hook must be {hookId, status} with status one of " + ", ".join(sorted(_HOOK_STATUSES)))
    with _LOCK:
        deployment = _DEPLOYMENTS.get(asked.get("serviceDeploymentArn"))
        if deployment is None:
            return None
        if hook is not None:
            found = next((h for h in deployment["lifecycleHookDetails"] if h["hookId"] == hook.get("hookId")), None)
            if found is None:
                raise _BadControl("no lifecycle hook " + str(hook.get("hookId")) + " in the deployment")
            found["status"] = hook["status"]
        for key in ("lifecycleStage", "alarms", "deploymentCircuitBreaker"):
            if key in asked:
                deployment[key] = asked[key]
        if "rollback" in asked:
            _start_rollback(deployment, (asked["rollback"] or {}).get("reason"))
        if status in _IN_FLIGHT:
            deployment.update(status=status, updatedAt=utcnow())
            if "statusReason" in asked:
                deployment["statusReason"] = asked["statusReason"]
        elif status is not None:
            _end(deployment, status, asked.get("statusReason"))
        else:
            deployment["updatedAt"] = utcnow()
        service = _service_of(deployment)
        primary = next((d["id"] for d in (service.deployments if service else []) if d.get("status") == "PRIMARY"), None)
        return {"serviceDeployment": deployment, "ecsDeploymentId": primary}


def _dated(value):
    return value.isoformat() + ("Z" if value.tzinfo is None else "") if isinstance(value, datetime) else str(value)


def _answer(start_response, status, body):
    data = json.dumps(body, default=_dated).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


_original_dispatch = DomainDispatcherApplication.__call__


def _dispatch(self, environ, start_response):
    if environ.get("PATH_INFO") != CONTROL_PATH:
        return _original_dispatch(self, environ, start_response)
    if environ.get("REQUEST_METHOD") != "POST":
        return _answer(start_response, "405 Method Not Allowed", {"message": "POST a JSON body to " + CONTROL_PATH})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        done = _control(environ["wsgi.input"].read(length))
    except _BadControl as e:
        return _answer(start_response, "400 Bad Request", {"message": str(e)})
    if done is None:
        return _answer(start_response, "404 Not Found", {"message": "no such service deployment"})
    return _answer(start_response, "200 OK", done)


DomainDispatcherApplication.__call__ = _dispatch
EC2ContainerServiceResponse.create_service = _create_service
EC2ContainerServiceResponse.describe_services = _describe_services
ecs_models.EC2ContainerServiceBackend.update_service = _update_service
EC2ContainerServiceResponse.describe_service_deployments = _describe_service_deployments
EC2ContainerServiceResponse.describe_service_revisions = _describe_service_revisions
EC2ContainerServiceResponse.list_service_deployments = _list_service_deployments
EC2ContainerServiceResponse.stop_service_deployment = _stop_service_deployment
EC2ContainerServiceResponse.continue_service_deployment = _continue_service_deployment
