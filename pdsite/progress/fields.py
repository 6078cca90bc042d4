"""The column that holds a viewer's watched seconds (issue #17).

In Python it is what it always was: sorted, disjoint [start, end] pairs of float seconds
(progress.intervals). PostgreSQL stores it as a `nummultirange`, so the heartbeat's one
statement can merge a report into it (`watched + reported`) and measure it where the row is
locked (services.progress_record_heartbeat); other engines store the pairs as JSON text and the
heartbeat merges in Python. Values are normalised on the way in, so both engines hold the same
thing.
"""

import json

from django.db import models

from . import intervals


def multirange_literal(pairs) -> str:
    """The `nummultirange` text of normalised `pairs`: '{[0.0,8.5),[20.0,25.0)}'. repr() of a
    float is exact, so PostgreSQL's numeric holds the float the player sent."""
    return "{" + ",".join(f"[{start!r},{end!r})" for start, end in pairs) + "}"


def pairs_from_multirange(value) -> list[list[float]]:
    """[[start, end], ...] floats from what psycopg loads a `nummultirange` as (or its text)."""
    if isinstance(value, str):
        value = value.strip("{}")
        return [
            [float(start), float(end)]
            for start, end in (part.strip().strip("[]()").split(",") for part in value.split("),") if part.strip())
        ]
    return [[float(r.lower), float(r.upper)] for r in value if not r.isempty]


class IntervalSetField(models.Field):
    description = "Sorted, disjoint [start, end] seconds (nummultirange on PostgreSQL)"

    def db_type(self, connection):
        return "nummultirange" if connection.vendor == "postgresql" else "text"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        if connection.vendor == "postgresql":
            return pairs_from_multirange(value)
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return [[start, end] for start, end in intervals.normalise(value)]

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        if connection.vendor == "postgresql":
            return multirange_literal(value)
        return json.dumps(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))
