"""moto's server, as every script, test and local mode of ours starts it, with four changes that
keep it from growing without bound, from slowing down as tables grow and from racing itself, and
make its stream iterators expire as DynamoDB Streams' do; what it answers is otherwise unchanged.

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

Pinned to the moto of scripts/requirements/moto.txt: if its internals move, this fails at start
and says so, rather than running unpatched.
"""
import copy
import os
import sys
import threading
import time
from collections import OrderedDict, defaultdict

import moto.dynamodb.models as dynamodb_backend
from moto.core import common_models
from moto.core.exceptions import JsonRESTError
from moto.dynamodb.models import dynamo_type as dynamodb_type
from moto.dynamodb.models import table as dynamodb_table
from moto.dynamodb.responses import DynamoHandler
from moto.dynamodbstreams import models as streams_models
from moto.dynamodbstreams.responses import DynamoDBStreamsHandler
from moto.server import main


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

if __name__ == "__main__":
    sys.exit(main())
