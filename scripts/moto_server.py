"""moto's server, as every script, test and local mode of ours starts it, with two changes that
keep it from growing without bound; what it answers is unchanged.

    .venv/moto/bin/python scripts/moto_server.py -H 127.0.0.1 -p PORT

1. moto keeps every model object it ever made in a list for its web dashboard
   (BaseModel.__new__ appends to instances_tracked), including the deep copy of a whole table
   that each TransactWriteItems takes to roll back with. Nothing frees them: 600 transactions
   of 3 items grew moto to 1.5 GB (5 GB with a stream), `make bench` grew it past 22 GB until
   the kernel killed it. Nothing of ours reads that dashboard, so nothing is tracked.
2. That deep copy also copied every record of the table's stream. A stream record is never
   changed once written, so the copy shares the records (the list is still copied, so a
   cancelled transaction still loses its own records). 600 such transactions: 140 s -> 53 s.

Pinned to the moto of scripts/requirements/moto.txt: if its internals move, this fails at start
and says so, rather than running unpatched.
"""
import sys

from moto.core import common_models
from moto.dynamodb.models import table as dynamodb_table
from moto.server import main


def _require(owner, name):
    if name not in vars(owner):
        sys.exit(f"scripts/moto_server.py: moto's {owner.__name__}.{name} is gone; "
                 "this moto is not the one scripts/requirements/moto.txt pins (run scripts/python-env.sh moto)")


def _untracked(cls, *args, **kwargs):
    return object.__new__(cls)


_require(common_models.BaseModel, "__new__")
common_models.BaseModel.__new__ = _untracked

_require(dynamodb_table, "StreamRecord")
dynamodb_table.StreamRecord.__deepcopy__ = lambda record, memo: record

if __name__ == "__main__":
    sys.exit(main())
