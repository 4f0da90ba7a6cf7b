"""The busy path's queries — everyone pressing "Register" the minute registration opens —
built by the ORM from the rules' owners, compiled to SQL once per database, and run again
with each request's values.

Compiling a query costs more than running it. Measured in one process on PostgreSQL (the
tests' database, one event, 400 calls each): the event's settings 4.5 ms through the ORM
against 0.7 ms from its compiled SQL, the participant 2.0 against 0.8, the lock 1.5 against
0.3, the counts 1.0 against 0.4 — about 6.8 ms of a registration's processor time. Through
gunicorn (bench/registration.py, PostgreSQL, same hour) the uncompiled ORM path registered
3,502 a minute against 4,243 with compiled SQL.

The SQL is the ORM's own, made from ``events.queries.public_page``, ``events.translation``
and the models, so each rule stays written once; nothing here names a table or a column.
Each query is compiled with stand-in values, which are swapped for the real ones when it
runs. tests/test_compiled.py holds every result against the plain ORM query,
on SQLite and on PostgreSQL.
"""

from django.db import connections


class CompiledQuery:
    """``build(*stand_ins)`` returns the queryset; ``stand_ins`` are values no request sends
    (large negative ids), each replaced by the value given at run time."""

    def __init__(self, build, *stand_ins):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled = {}

    def sql(self, values, using="default"):
        """The SQL and its parameters for ``values`` (one per stand-in), on ``using``."""
        connection = connections[using]
        # The text depends on the database: the vendor's dialect and its features.
        key = (using, connection.vendor)
        if key not in self._compiled:
            queryset = self.build(*self.stand_ins)
            self._compiled[key] = queryset.query.get_compiler(using=using).as_sql()
        sql, params = self._compiled[key]
        replace = dict(zip(self.stand_ins, values, strict=True))
        return sql, [replace.get(param, param) if _replaceable(param) else param for param in params]

    def first(self, model, values, using="default"):
        """The first row as a ``model`` instance (annotations as attributes), or None."""
        sql, params = self.sql(values, using)
        return next(iter(model.objects.using(using).raw(sql, params)), None)

    def rows(self, values, using="default"):
        sql, params = self.sql(values, using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _replaceable(param):
    return isinstance(param, int) and not isinstance(param, bool)


def as_datetime(value, using="default"):
    """An annotated date-time as the ORM would return it (SQLite gives text)."""
    connection = connections[using]
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(value, None, connection) if convert and value is not None else value
