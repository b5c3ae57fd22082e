"""moto's server, as every script, test and local mode of ours starts it, with five changes that
keep it from growing without bound, from slowing down as tables grow and from racing itself, make
its stream iterators expire as DynamoDB Streams' do, let IAM policies on DynamoDB mean what they
mean in AWS, and deliver EventBridge events whole, across accounts too (8.); what it answers is
otherwise unchanged.

    .venv/moto/bin/python scripts/moto_server.py -H 127.0.0.1 -p PORT

1. moto keeps every model object it ever made in a list for its web dashboard
   (BaseModel.__new__ appends to instances_tracked), including the deep copy of a whole table
   that each TransactWriteItems takes to roll back with. Nothing frees them: 600 transactions
   of 3 items grew moto to 1.5 GB (5 GB with a stream), `make bench` grew it past 22 GB until
   the kernel killed it. Nothing of ours reads that dashboard, so nothing is tracked.
2. That deep copy of the whole table, taken for each TransactWriteItems in case it is cancelled,
   made every transaction cost as much as the table is big (a second per transaction on a table
   of a few thousand items). The copy is now as deep as a cancel needs: the table's dictionaries
   of items are copied, the items the transaction names are deep-copied (an Update changes its
   item in place), the others are shared (nothing changes an item but an Update of it), and so is
   each stream record (never changed once written; the list of them is copied).
   A cancel is undone in the table and stream shard objects that were there before, where moto
   puts its copy in their place: a stream iterator holds the shard object it was taken from, so
   every iterator taken before a cancel (each stream reader's, for good) read a shard nobody
   wrote to again, and saw no later record, while a fresh one saw them all. Plain moto does the
   same: simultaneous pushes make cancelled transactions, and local mode's deployer stopped there.
   scripts/moto_server_check.py runs random transactions through this and through plain moto and
   compares what they leave, and follows a stream across cancels.
3. moto's server answers each request on a thread of its own, and nothing in its DynamoDB guards
   against two at once: two writes at the same moment gave their stream records the same
   sequence number (a reader then got the later one again and again, forever: the likely cause of
   CI hanging 90 min in DeployerIT), and a cancelled transaction put back its snapshot over a
   write made meanwhile. DynamoDB makes each request atomic, so DynamoDB and DynamoDB Streams
   requests are now handled one at a time (they are CPU-bound Python, which the GIL runs one at a
   time anyway).
   scripts/moto_server_check.py writes from many threads at once and checks nothing is lost or
   numbered twice.
4. moto kept every stream iterator it ever handed out (each GetRecords hands out the next), so a
   reader polling four times a second grew it by about 70 MB an hour. An iterator now lives 15
   minutes, as DynamoDB Streams' does; GetRecords with an older one gets ExpiredIteratorException
   (HTTP 400, DynamoDB's words), and it is forgotten. Not modelled: an iterator never handed out
   gets the same answer (DynamoDB says ValidationException). HM_MOTO_ITERATOR_LIFETIME_SECONDS
   shortens the lifetime, for scripts/moto_server_check.py.

5. moto's access control (off until INITIAL_NO_AUTH_ACTION_COUNT requests were made, or until
   POST /moto-api/reset-auth sets that count) checks a DynamoDB request as one action on resource
   "*" with no condition keys, and takes an Allow whose condition does not hold for a Deny: a policy
   that names its table, or that limits dynamodb:LeadingKeys (rights per environment), cannot be
   tried. With access control on, DynamoDB requests are now authorized as IAM does: each action
   on the table's ARN (its index's ARN for a Query or Scan of an index); TransactWriteItems and
   TransactGetItems item by item, as PutItem, UpdateItem, DeleteItem, ConditionCheckItem or GetItem
   with dynamodb:EnclosingOperation; BatchGetItem and BatchWriteItem once per table; with the
   condition key dynamodb:LeadingKeys, the partition key values the request names. A Deny that
   applies wins; otherwise an Allow must apply (action, resource and every condition), else the
   request is denied: AccessDeniedException, as DynamoDB answers. Conditions: StringEquals,
   StringNotEquals, StringLike (* and ?), StringNotLike, alone or after ForAllValues: or
   ForAnyValue:, and Null; anything else (another operator, a policy variable, a single-valued
   operator on a multivalued key) is refused with a message, not guessed.
   scripts/moto_server_check.py puts a staging-only policy through it.

6. moto has none of ECS's service deployments API (2025): scripts/moto_ecs_deployments.py adds it
   (ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions,
   StopServiceDeployment, ContinueServiceDeployment, currentServiceDeployment on services, a
   service deployment started by each CreateService and UpdateService, superseding and pause
   hooks); its docstring says what it models and what it does not. scripts/moto_ecs_check.py
   checks it.

7. What was asked, counted: every request is counted by access key, service (both from its
   signature's credential scope) and action (X-Amz-Target, or the query's Action); GET
   /_harbourmaster/requests answers the counts so far as JSON ({"testing": {"ecs":
   {"UpdateService": 3, ...}, ...}, ...}), for a client that wants to know how many calls something
   made (two snapshots, subtracted; an observer signs with a key of its own to stay out of them).
   The query protocol's action (STS, IAM) is read from the form it posts, which moto then reads again.

8. EventBridge delivers an event as it is; moto did not, in two ways. Its delivery to an SQS or
   Logs target without an InputTransformer left the envelope's `account` out (its default input
   template has no account field, though its paths map reads it), so every reader had to guess
   whose event it was. And a rule whose target is an event bus (another account's or region's, as
   a workload account forwards its ECS events to the hub's default bus) put only source,
   detail-type and detail there again, as a new event of the receiving account: its `account`
   became the receiver's, `region` the receiver's, `time` now, `resources` empty. EventBridge
   keeps the event whole: rules on the receiving bus see the sender's account (that is how they
   tell whose it is), its region, time, resources and id. Now the default template has `account`,
   and a bus target gets the event unchanged, matched by that bus's rules; an event that came from
   another account or region is not forwarded on to a third, as EventBridge does not. Not
   modelled: the receiving bus's resource policy (moto checks no policy on PutEvents either) and
   the rule target's RoleArn are not checked.
   scripts/moto_server_check.py forwards an ECS event from one account to another's default bus.

Pinned to the moto of scripts/requirements/moto.txt: if its internals move, this fails at start
and says so, rather than running unpatched.
"""
import copy
import fnmatch
import io
import json
import os
import re
import sys
import threading
import time
from collections import OrderedDict, defaultdict

import moto.dynamodb.models as dynamodb_backend
from moto.core import common_models
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.dynamodb.models import dynamo_type as dynamodb_type
from moto.dynamodb.models import table as dynamodb_table
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams import models as streams_models
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler
from moto.events import models as events_models
from moto.events import utils as events_utils
from moto.server import main
from moto.utilities.arns import parse_arn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import moto_ecs_deployments  # noqa: E402,F401  (applies 6. on import)
from moto.moto_server.werkzeug_app import DomainDispatcherApplication  # noqa: E402

_COUNTS = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
_COUNTS_LOCK = threading.Lock()
COUNTS_PATH = "/_harbourmaster/requests"
_SCOPE = re.compile(r"Credential=([^/]+)/[^/]+/[^/]+/([^/]+)/aws4_request")
_counted_dispatch = DomainDispatcherApplication.__call__


def _counting(self, environ, start_response):
    if environ.get("PATH_INFO") == COUNTS_PATH:
        with _COUNTS_LOCK:
            body = json.dumps({key: {service: dict(actions) for service, actions in services.items()}
                               for key, services in _COUNTS.items()}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    scope = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    if scope:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        form = environ.get("QUERY_STRING", "")
        if not target and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)  # read again by moto
            form += "&" + body.decode("utf-8", "replace")
        query = re.search(r"(?:^|&)Action=([A-Za-z]+)", form)
        action = target.rsplit(".", 1)[-1] if target else query.group(1) if query else "?"
        with _COUNTS_LOCK:
            _COUNTS[scope.group(1)][scope.group(2)][action] += 1
    return _counted_dispatch(self, environ, start_response)


DomainDispatcherApplication.__call__ = _counting


def _require(owner, name):
    if name not in vars(owner):
        sys.exit(f"scripts/moto_server.py: moto's {owner.__name__}.{name} is gone; "
                 "this moto is not the one scripts/requirements/moto.txt pins (run scripts/python-env.sh moto)")


def _untracked(cls, *args, **kwargs):
    return object.__new__(cls)


_require(common_models.BaseModel, "__new__")
common_models.BaseModel.__new__ = _untracked

_require(dynamodb_backend.DynamoDBBackend, "transact_write_items")
_require(dynamodb_table, "Table")
_require(dynamodb_table, "StreamShard")
_transaction = threading.local()  # the keys the transaction running on this thread names, by table
_plain_transact_write_items = dynamodb_backend.DynamoDBBackend.transact_write_items


def _transact_write_items(backend, transact_items):
    named = {}
    for item in transact_items:
        for op in item.values():
            table = backend.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            if table is not None:
                key = op.get("Key") or {attr: op.get("Item", {}).get(attr) for attr in table.table_key_attrs}
                named.setdefault(table.name, []).append(key)
    live = {name: backend.tables[name] for name in named}
    _transaction.named = named
    try:
        return _plain_transact_write_items(backend, transact_items)
    except Exception:
        _undo_in_place(backend, live)
        raise
    finally:
        _transaction.named = None


def _undo_in_place(backend, live):
    """Puts the tables moto rolled back to its snapshots back as they were, their objects kept (see 2. above)."""
    for name, table in live.items():
        snapshot = backend.tables.get(name)
        if snapshot is None or snapshot is table:
            continue
        table.items = snapshot.items
        if table.stream_shard is not None:
            table.stream_shard.items[:] = snapshot.stream_records
        backend.tables[name] = table


def _table_snapshot(table, memo):
    """What a transaction keeps of a table to put back if it is cancelled (see 2. above)."""
    snapshot = copy.copy(table)
    snapshot.items = defaultdict(dict, {h: dict(v) if isinstance(v, dict) else v for h, v in table.items.items()})
    for key in (getattr(_transaction, "named", None) or {}).get(table.name, []):
        if any(key.get(attr) is None for attr in table.table_key_attrs):
            continue
        hash_key = dynamodb_type.DynamoType(key[table.hash_key_attr])
        if table.range_key_attr is None:
            if hash_key in table.items:
                snapshot.items[hash_key] = copy.deepcopy(table.items[hash_key], memo)
        else:
            range_key = dynamodb_type.DynamoType(key[table.range_key_attr])
            if range_key in table.items.get(hash_key, {}):
                snapshot.items[hash_key][range_key] = copy.deepcopy(table.items[hash_key][range_key], memo)
    if table.stream_shard is not None:
        snapshot.stream_records = list(table.stream_shard.items)
    return snapshot


dynamodb_backend.DynamoDBBackend.transact_write_items = _transact_write_items
dynamodb_table.Table.__deepcopy__ = _table_snapshot

_require(DynamoHandler, "call_action")
_one_at_a_time = threading.Lock()  # see 3. above


def _one_request_at_a_time(call_action):
    def call(handler):
        with _one_at_a_time:
            return call_action(handler)
    return call


DynamoHandler.call_action = _one_request_at_a_time(DynamoHandler.call_action)
DynamoDBStreamsHandler.call_action = _one_request_at_a_time(DynamoDBStreamsHandler.call_action)

_require(streams_models.DynamoDBStreamsBackend, "__init__")
_require(streams_models.DynamoDBStreamsBackend, "get_records")
_ITERATOR_LIFETIME_SECONDS = float(os.environ.get("HM_MOTO_ITERATOR_LIFETIME_SECONDS", "900"))  # see 4. above


class _ExpiredIteratorException(JsonRESTError):
    code = 400

    def __init__(self, issued, now):
        moment = lambda t: time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(t))
        super().__init__("ExpiredIteratorException", "Iterator expired. The iterator was created at time %s while"
                         " right now it is %s which is further in the future than the tolerated delay of %d"
                         " milliseconds." % (moment(issued), moment(now), _ITERATOR_LIFETIME_SECONDS * 1000))


class _ExpiringIterators(OrderedDict):
    """A streams backend's iterators, oldest first, each forgotten once its lifetime is over."""

    def __setitem__(self, arn, iterator):
        now = time.time()
        iterator.issued_at = now
        super().__setitem__(arn, iterator)
        while self and now - next(iter(self.values())).issued_at > _ITERATOR_LIFETIME_SECONDS:
            self.popitem(last=False)


_plain_streams_init = streams_models.DynamoDBStreamsBackend.__init__
_plain_get_records = streams_models.DynamoDBStreamsBackend.get_records


def _streams_init(backend, *args, **kwargs):
    _plain_streams_init(backend, *args, **kwargs)
    backend.shard_iterators = _ExpiringIterators()


def _get_records(backend, iterator_arn, limit):
    iterator = backend.shard_iterators.get(iterator_arn)
    now = time.time()
    if iterator is None or now - iterator.issued_at > _ITERATOR_LIFETIME_SECONDS:
        raise _ExpiredIteratorException(iterator.issued_at if iterator else now - _ITERATOR_LIFETIME_SECONDS, now)
    return _plain_get_records(backend, iterator_arn, limit)


streams_models.DynamoDBStreamsBackend.__init__ = _streams_init
streams_models.DynamoDBStreamsBackend.get_records = _get_records

_require(ActionAuthenticatorMixin, "_authenticate_and_authorize_normal_action")
_TRANSACTION_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                        "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
_MULTIVALUED = {"dynamodb:LeadingKeys", "dynamodb:Attributes"}


class _AccessDenied(JsonRESTError):
    code = 400

    def __init__(self, who, action, resource):
        super().__init__("com.amazonaws.dynamodb.v20120810#AccessDeniedException",
                         "User: %s is not authorized to perform: %s on resource: %s because no identity-based policy"
                         " allows the %s action" % (who, action, resource, action))


class _Unsupported(JsonRESTError):
    code = 500

    def __init__(self, what):
        super().__init__("InternalFailure", "scripts/moto_server.py does not evaluate %s in IAM policies" % what)


def _table_arn(handler, table, index=None):
    arn = "arn:aws:dynamodb:%s:%s:table/%s" % (handler.region, handler.current_account, table)
    return arn + "/index/" + index if index else arn


def _hash_key_attr(handler, table, index=None):
    model = dynamodb_backend.dynamodb_backends[handler.current_account][handler.region].get_table(table)
    if index:
        schema = next(i.schema for i in model.all_indexes() if i.name == index)
        return next(k["AttributeName"] for k in schema if k["KeyType"] == "HASH")
    return model.hash_key_attr


def _leading_key(handler, table, key):
    value = (key or {}).get(_hash_key_attr(handler, table)) or {}
    return [next(iter(value.values()))] if value else []


def _query_leading_keys(handler, body):
    """The partition key value of a Query's key condition: `<name> = :value` (names may be #aliases)."""
    hash_key = _hash_key_attr(handler, body["TableName"], body.get("IndexName"))
    names = body.get("ExpressionAttributeNames", {})
    for name, value in re.findall(r"(#?[A-Za-z0-9_]+)\s*=\s*(:[A-Za-z0-9_]+)", body.get("KeyConditionExpression", "")):
        if names.get(name, name) == hash_key:
            return [next(iter(body["ExpressionAttributeValues"][value].values()))]
    raise _Unsupported("the Query key condition %r (no partition key equality found)" % body.get("KeyConditionExpression"))


def _authorizations(handler):
    """(action, resource, condition keys) for each authorization IAM makes of this DynamoDB request."""
    action = handler._get_action()
    body = handler.body if isinstance(handler.body, dict) else json.loads(handler.body or "{}")
    if action in ("TransactWriteItems", "TransactGetItems"):
        for entry in body.get("TransactItems", []):
            for kind, op in entry.items():
                key = op.get("Key") or op.get("Item")
                yield ("dynamodb:" + _TRANSACTION_ACTIONS[kind], _table_arn(handler, op["TableName"]),
                       {"dynamodb:LeadingKeys": _leading_key(handler, op["TableName"], key),
                        "dynamodb:EnclosingOperation": [action]})
    elif action in ("BatchGetItem", "BatchWriteItem"):
        for table, request in body.get("RequestItems", {}).items():
            keys = request.get("Keys") if action == "BatchGetItem" else [
                (w.get("PutRequest") or {}).get("Item") or (w.get("DeleteRequest") or {}).get("Key") for w in request]
            leading = [v for key in keys for v in _leading_key(handler, table, key)]
            yield "dynamodb:" + action, _table_arn(handler, table), {"dynamodb:LeadingKeys": leading}
    elif action in ("GetItem", "PutItem", "UpdateItem", "DeleteItem"):
        table = body["TableName"]
        yield ("dynamodb:" + action, _table_arn(handler, table),
               {"dynamodb:LeadingKeys": _leading_key(handler, table, body.get("Key") or body.get("Item"))})
    elif action == "Query":
        yield ("dynamodb:Query", _table_arn(handler, body["TableName"], body.get("IndexName")),
               {"dynamodb:LeadingKeys": _query_leading_keys(handler, body)})
    else:
        table = body.get("TableName")
        yield "dynamodb:" + action, _table_arn(handler, table, body.get("IndexName")) if table else "*", {}


def _like(pattern, value):
    if "${" in pattern:
        raise _Unsupported("the policy variable in %r" % pattern)
    return re.fullmatch(".*".join(".".join(map(re.escape, part.split("?"))) for part in pattern.split("*")),
                        value, re.DOTALL) is not None


_MATCHES = {"StringEquals": lambda pattern, value: pattern == value, "StringLike": _like}


def _condition_holds(operator, key, expected, context):
    expected = expected if isinstance(expected, list) else [expected]
    actual = context.get(key)
    if operator == "Null":
        return (actual is None or actual == []) == (str(expected[0]).lower() == "true")
    qualifier, _, test = operator.rpartition(":")
    negated = test in ("StringNotEquals", "StringNotLike")
    match = _MATCHES.get(test.replace("Not", "", 1) if negated else test)
    if match is None or qualifier not in ("", "ForAllValues", "ForAnyValue"):
        raise _Unsupported("the condition operator %s" % operator)
    one = lambda value: any(match(pattern, value) for pattern in expected) != negated
    if qualifier == "ForAllValues":
        return all(one(value) for value in actual or [])
    if qualifier == "ForAnyValue":
        return any(one(value) for value in actual or [])
    if key in _MULTIVALUED:
        raise _Unsupported("the single-valued operator %s on the multivalued key %s" % (operator, key))
    return negated if actual is None else one(actual[0])


def _applies(statement, action, resource, context):
    def listed(name):
        value = statement.get(name)
        return value if isinstance(value, list) else [value]
    if "Action" in statement and not any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in listed("Action")):
        return False
    if "NotAction" in statement and any(fnmatch.fnmatchcase(action.lower(), a.lower()) for a in listed("NotAction")):
        return False
    if "Resource" in statement and not any(_like(r, resource) for r in listed("Resource")):
        return False
    if "NotResource" in statement and any(_like(r, resource) for r in listed("NotResource")):
        return False
    return all(_condition_holds(operator, key, expected, context)
               for operator, keys in statement.get("Condition", {}).items() for key, expected in keys.items())


def _authorize_dynamodb(handler, resource="*"):
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return
    from moto.iam.access_control import IAMPolicy, IAMRequest
    request = IAMRequest(account_id=handler.current_account, method=handler.method, path=handler.raw_path,
                         data=handler.data, body=handler.raw_body, headers=handler.headers, action=handler._get_action())
    request.check_signature()
    statements = []
    for policy in request._access_key.collect_policies():
        document = IAMPolicy(policy)._policy_json
        listed = document["Statement"]
        statements += listed if isinstance(listed, list) else [listed]
    for action, resource, context in _authorizations(handler):
        applying = [s for s in statements if _applies(s, action, resource, context)]
        if not any(s["Effect"] == "Allow" for s in applying) or any(s["Effect"] == "Deny" for s in applying):
            raise _AccessDenied(request._access_key.arn, action, resource)


DynamoHandler._authenticate_and_authorize_normal_action = _authorize_dynamodb


_require(events_utils.EventTemplateParser, "DEFAULT_EVENT_INPUT_TEMPLATE")
_require(events_models.Rule, "send_to_targets")
_MOTO_DEFAULT_INPUT_TEMPLATE = ('{"id": "<id>", "time": <time>, "version": "0", "detail-type": "<detail-type>", '
                                '"source": "<source>", "region": "<region>", "resources": <resources>, "detail": <detail>}')
if events_utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE != _MOTO_DEFAULT_INPUT_TEMPLATE:
    sys.exit("scripts/moto_server.py: moto's default EventBridge input template changed; this moto is not the one"
             " scripts/requirements/moto.txt pins (run scripts/python-env.sh moto)")
events_utils.EventTemplateParser.DEFAULT_EVENT_INPUT_TEMPLATE = (  # see 8. above
    '{"id": "<id>", "time": <time>, "version": "0", "detail-type": "<detail-type>", "source": "<source>", '
    '"account": "<account>", "region": "<region>", "resources": <resources>, "detail": <detail>}')
_plain_send_to_targets = events_models.Rule.send_to_targets
_forwarded = threading.local()  # set while an event forwarded from another account or region is delivered


def _is_bus(target):
    arn = parse_arn(target["Arn"])
    return arn.service == "events" and arn.resource_type == "event-bus"


def _send_to_targets(rule, original_event, transform_input=True):
    buses = [t for t in rule.targets if _is_bus(t)]
    if not buses:
        return _plain_send_to_targets(rule, original_event, transform_input)
    if not rule.event_pattern.matches_event(original_event):
        return None
    others = copy.copy(rule)
    others.targets = [t for t in rule.targets if not _is_bus(t)]
    _plain_send_to_targets(others, original_event, transform_input)
    for target in buses:
        arn = parse_arn(target["Arn"])
        elsewhere = (arn.account, arn.region) != (rule.account_id, rule.region_name)
        if elsewhere and getattr(_forwarded, "active", False):
            continue  # EventBridge does not pass an event received from another account or region on to a third
        try:
            bus = events_models.events_backends[arn.account][arn.region].describe_event_bus(arn.resource_id)
        except events_models.ResourceNotFoundException:
            continue  # EventBridge would retry and then dead-letter it; the sender's PutEvents succeeds either way
        before = getattr(_forwarded, "active", False)
        _forwarded.active = before or elsewhere
        try:
            for receiving in list(bus.rules.values()):
                receiving.send_to_targets(copy.deepcopy(original_event))
        finally:
            _forwarded.active = before
    return None


events_models.Rule.send_to_targets = _send_to_targets

if __name__ == "__main__":
    sys.exit(main())
