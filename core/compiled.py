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
runs. Its rows become model instances as Django's raw querysets make them, with the row's shape
(which column is which field, the converters) worked out once: a raw queryset works it out for
every query, which cost 90–150 µs of the 140–280 µs each compiled read took (measured in one
process, SQLite and PostgreSQL). tests/test_compiled.py holds every result against the plain ORM query,
on SQLite and on PostgreSQL.

The rows a registration writes (the registration, its first history row, the email's task) are
inserted the same way (``insert``): Django's own INSERT, made once per model and database, run
with each instance's values. Through gunicorn (bench/registration.py, same hour) registrations
went from 15.8 % of the trivial view with ``Model.save`` to 17.2–17.8 % on PostgreSQL, and on
SQLite from 25.0 % to 26.8–28.3 % (with the rate limits' single Redis command, core/cache.py).
"""

from django.db import connections
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery


class CompiledQuery:
    """``build(*stand_ins)`` returns the queryset; ``stand_ins`` are values no request sends
    (large negative ids), each replaced by the value given at run time. A stand-in compared
    with an id column directly must fit that column: PostgreSQL's backend compiles an id
    beyond a 32-bit column's range to nothing at all."""

    def __init__(self, build, *stand_ins):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled = {}
        self._shapes = {}

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
        """The first row as a ``model`` instance (annotations as attributes), or None: what
        ``model.objects.raw(sql).first()`` gives, with the row's shape worked out once."""
        sql, params = self.sql(values, using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            if row is None:
                return None
            key = (using, connection.vendor, model)
            shape = self._shapes.get(key)
            if shape is None:
                shape = self._shapes[key] = _Shape(model, cursor.description, connection)
        return shape.instance(row, using, connection)

    def rows(self, values, using="default"):
        sql, params = self.sql(values, using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class _Shape:
    """Which of a row's columns are the model's fields (in the order its constructor takes
    them, with the database's converters) and which are annotations, as Django's raw querysets
    work it out for every query."""

    def __init__(self, model, description, connection):
        name = connection.introspection.identifier_converter
        columns = [name(column[0]) for column in description]
        fields = {name(field.column): field for field in model._meta.fields}
        init = [field for field in model._meta.fields if name(field.column) in columns]
        if model._meta.pk not in init:
            raise ValueError(f"{model.__name__}: a compiled query must select the primary key")
        self.model = model
        self.init_names = [field.attname for field in init]
        self.init_positions = [columns.index(name(field.column)) for field in init]
        self.annotations = [(column, position) for position, column in enumerate(columns) if column not in fields]
        compiler = connection.ops.compiler("SQLCompiler")(None, connection, None)
        found = [fields.get(column) for column in columns]
        cols = [field.get_col(field.model._meta.db_table) if field else None for field in found]
        self.converters = list(compiler.get_converters(cols).items())

    def instance(self, row, using, connection):
        if self.converters:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                row[position] = value
        instance = self.model.from_db(using, self.init_names, [row[position] for position in self.init_positions])
        for column, position in self.annotations:
            setattr(instance, column, row[position])
        return instance


class _Insert:
    """One model's INSERT on one database, as Django's insert compiler writes it for one new
    row of ``fields``, with the fields the database fills in (an automatic key) returned."""

    def __init__(self, instance, fields, using):
        model = type(instance)
        query = InsertQuery(model)
        query.insert_values(fields, [instance])
        compiler = query.get_compiler(using=using)
        self.returning = compiler.returning_fields = list(model._meta.db_returning_fields)
        ((self.sql, _params),) = compiler.as_sql()
        cols = [field.get_col(model._meta.db_table) for field in self.returning]
        self.converters = list(compiler.get_converters(cols).items())

    def read_back(self, cursor, instance, connection):
        """Sets on ``instance`` what the database filled in (``RETURNING``), converted."""
        if not self.returning:
            return
        row = list(cursor.fetchone())
        for position, (converters, expression) in self.converters:
            for convert in converters:
                row[position] = convert(row[position], expression, connection)
        for field, value in zip(self.returning, row, strict=True):
            setattr(instance, field.attname, value)


_inserts = {}


def _insertable(instance, connection, derive):
    """Can ``instance`` be inserted compiled (see ``insert``)?"""
    model = type(instance)
    meta = model._meta
    return (
        (model.save is Model.save or derive is not None)
        and instance._state.adding
        and not meta.parents
        and not meta.order_with_respect_to
        and connection.features.can_return_columns_from_insert
        and not any(
            hasattr(field, "get_placeholder") or hasattr(getattr(instance, field.attname), "resolve_expression")
            for field in meta.concrete_fields
        )
    )


def insert(instance, using="default"):
    """Saves the new ``instance`` as ``instance.save(force_insert=True)`` does: the
    ``pre_save`` and ``post_save`` signals, each field's ``pre_save`` (``auto_now_add``), the
    fields the database fills in (the key) read back. The SQL is Django's, made the first time
    for the model and database; the values are prepared by the fields, as Django does.

    A model whose ``save`` is its own is inserted this way only when all its ``save`` adds is
    ``set_derived_fields()``, called here too. Anything else goes through ``save``: another
    model with its own ``save``, a model of several tables or ordered with respect to another,
    an expression as a value, a field that writes its own placeholder (a geometry), a database
    that cannot return what it filled in.
    Returns ``instance``."""
    model = type(instance)
    meta = model._meta
    connection = connections[using]
    derive = getattr(instance, "set_derived_fields", None)
    if not _insertable(instance, connection, derive):
        instance.save(force_insert=True, using=using)
        return instance
    if derive is not None:
        derive()
    if instance.pk is None:
        instance.pk = meta.pk.get_pk_value_on_save(instance)
    key_given = instance.pk is not None
    instance._prepare_related_fields_for_save(operation_name="save")
    if pre_save.has_listeners(model):
        pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    fields = [
        field
        for field in meta.local_concrete_fields
        if not field.generated and (key_given or field is not meta.auto_field)
    ]
    key = (using, connection.vendor, model, key_given)
    compiled = _inserts.get(key)
    if compiled is None:
        compiled = _inserts[key] = _Insert(instance, fields, using)
    params = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        compiled.read_back(cursor, instance, connection)
    instance._state.adding = False
    instance._state.db = using
    if post_save.has_listeners(model):
        post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=using)
    return instance


def _replaceable(param):
    return isinstance(param, int) and not isinstance(param, bool)


def as_datetime(value, using="default"):
    """An annotated date-time as the ORM would return it (SQLite gives text)."""
    connection = connections[using]
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(value, None, connection) if convert and value is not None else value
