"""Demo content built once per test session and restored for each test that needs it again.

Loading the demo takes seconds; restoring a copy of the database it left takes milliseconds.
``DemoSnapshots.load(name, build)`` runs ``build`` the first time a test asks for ``name`` and
saves the whole database afterwards; the next test that asks for the same content (in the
same order, e.g. the site and then the events) gets that copy back instead.

A copy is only ever used when it gives a test what building would have given it: only while
nothing else has been written since the test's set-up began (a fixture that created a user
first would lose it to a restore), and only while the transaction the last content was loaded
in is still open. Otherwise the content is built as before.

- In a test that commits (``transactional_db``, ``live_server``), emptied after each test, the
  whole database is copied: SQLite with the backup API, into memory; PostgreSQL into a schema
  of its own in the test database, copied back table by table, sequences put back.
- In an ordinary ``db`` test, inside a transaction rolled back at its end, the rows of every
  table are kept in memory and inserted again into the test's transaction.

After a restore, and after a test that had one, the caches that hold rows (Wagtail's site root
paths, content types) are cleared.
"""

import itertools
from contextlib import contextmanager

from django.db import connection, transaction

from tests.factories.indexing import indexed_once

# Statements that write nothing (the rest mark the database as changed).
# (A rollback to a savepoint undoes writes: it counts as one.)
READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "SET ", "SHOW", "PRAGMA")


class DemoSnapshots:
    def __init__(self):
        self.saved = {}
        self.state = None  # names loaded so far in this test, or None once something else wrote
        self.restoring = False
        self.restored = False  # in the current test
        self.loaded_in = ([], [])  # the transaction blocks open at the last load
        self.numbers = itertools.count()

    # Tracking writes (every statement of the main thread's connection goes through here).

    def __call__(self, execute, sql, params, many, context):
        if not self.restoring and not str(sql).lstrip().upper().startswith(READ_ONLY):
            self.state = None
        return execute(sql, params, many, context)

    def begin_test(self):
        """Called before a test's fixtures are set up."""
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)
        self.state = ()
        self.loaded_in = ([], [])
        self.restored = False

    def end_test(self):
        """Called after a test's fixtures are torn down: a rolled-back restore leaves the
        caches holding rows that are gone."""
        if self.restored:
            forget_cached_rows()
            self.restored = False

    # Loading.

    def load(self, name, build):
        """Runs ``build()``, or restores what it built before from the same starting point.
        Returns what ``build()`` returned (kept with the copy: ids, not model instances)."""
        # A test that commits gets a copy of the whole database; an ordinary ``db`` test (inside
        # a transaction rolled back at its end) gets the rows copied back into its transaction.
        kind = "rows" if connection.in_atomic_block else "database"
        if not self.same_transaction():
            self.state = None  # what was loaded may have been rolled back since
        if self.state is None or connection.vendor not in SAVERS:
            built = _built(build)
            self.state = None
            return built
        loaded = (*self.state, name)
        key = (kind, *loaded)
        if key in self.saved:
            copy, built = self.saved[key]
            self.restore(copy)
        else:
            built = _built(build)
            self.saved[key] = (self.save(kind), built)
        self.state = loaded
        self.loaded_in = transaction_blocks()
        return built

    def same_transaction(self):
        """Whether the transaction blocks open at the last load are all still open."""
        if not self.state:
            return True
        current = transaction_blocks()
        return all(current[i][: len(blocks)] == blocks for i, blocks in enumerate(self.loaded_in))

    def save(self, kind):
        self.restoring = True
        try:
            saver = RowsCopy if kind == "rows" else SAVERS[connection.vendor]
            return saver.save(next(self.numbers))
        finally:
            self.restoring = False

    def restore(self, copy):
        self.restoring = True
        try:
            copy.restore()
        finally:
            self.restoring = False
        self.restored = True
        forget_cached_rows()


def transaction_blocks():
    return [id(block) for block in connection.atomic_blocks], list(connection.savepoint_ids)


def forget_cached_rows():
    """Caches that hold rows of the database just replaced: Wagtail's site root paths (in the
    cache), allauth's rate limits (in the cache), content types and sites (in memory)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    from django.apps import apps

    if apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.models import Site

        Site.objects.clear_cache()


class SQLiteCopy:
    @classmethod
    def save(cls, number):
        import sqlite3

        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return cls(copy)

    def __init__(self, copy):
        self.copy = copy

    def restore(self):
        connection.ensure_connection()
        self.copy.backup(connection.connection)


class PostgreSQLCopy:
    @classmethod
    def save(cls, number):
        schema = f"demo_snapshot_{number}"
        with transaction.atomic(), connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            # A database kept from an earlier run (pytest --reuse-db) may hold one of that name.
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            cursor.execute(f'CREATE SCHEMA "{schema}"')
            filled = []
            for table in tables:
                cursor.execute(f'CREATE UNLOGGED TABLE "{schema}"."{table}" AS TABLE "{table}"')
                if cursor.rowcount:
                    filled.append(table)
            cursor.execute(
                "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            )
            sequences = cursor.fetchall()
        return cls(schema, tables, filled, sequences)

    def __init__(self, schema, tables, filled, sequences):
        self.schema, self.tables, self.filled, self.sequences = schema, tables, filled, sequences

    def restore(self):
        # DELETE rather than TRUNCATE: the tables are small, mostly empty after the flush, and
        # truncating a table costs PostgreSQL new files for it.
        with transaction.atomic(), connection.cursor() as cursor, unchecked_copy(cursor):
            in_one_round_trip(cursor, [f'DELETE FROM "{table}"' for table in self.tables])  # noqa: S608 - names from the catalogue
            copies = [f'INSERT INTO "{table}" SELECT * FROM "{self.schema}"."{table}"' for table in self.filled]  # noqa: S608 - names from the catalogue
            in_one_round_trip(cursor, copies)
            set_sequences(
                cursor,
                self.sequences,
                "CASE WHEN s.value IS NULL THEN setval(s.name::regclass, 1, false)"
                " ELSE setval(s.name::regclass, s.value, true) END",
            )


class RowsCopy:
    """Every row of every table, kept in memory, for a transaction that will be rolled back:
    restoring deletes what the tables hold and inserts the rows again (without a foreign-key
    check for each where the connection may: ``unchecked_copy``; otherwise checked at the end of
    the transaction). Sequences move on past the copied rows, never back,
    because the rows committed before the test come back with the rollback."""

    @classmethod
    def save(cls, number):
        tables, sequences = {}, []
        with connection.cursor() as cursor:
            for table in copied_tables(cursor):
                tables[table] = dump_rows(cursor, table)
            if connection.vendor == "postgresql":
                for name, table, column in numbered_columns(cursor):
                    if tables.get(table):
                        cursor.execute(f'SELECT MAX("{column}") FROM "{table}"')  # noqa: S608
                        sequences.append((name, cursor.fetchone()[0]))
        return cls(tables, sequences)

    def __init__(self, tables, sequences):
        self.tables, self.sequences = tables, sequences

    def restore(self):
        with connection.cursor() as cursor, unchecked_copy(cursor):
            in_one_round_trip(cursor, [f'DELETE FROM "{table}"' for table in self.tables])  # noqa: S608 - names from the catalogue
            for table, rows in self.tables.items():
                if rows:
                    load_rows(cursor, table, rows)
            set_sequences(
                cursor,
                self.sequences,
                "setval(quote_ident(s.name)::regclass, GREATEST(s.value, (SELECT COALESCE(last_value, 0)"
                " FROM pg_sequences WHERE schemaname = current_schema() AND sequencename = s.name)))",
            )


def in_one_round_trip(cursor, statements):
    """Statements without parameters (names from the catalogue), sent to PostgreSQL at once:
    a restore empties about a hundred tables. SQLite runs them one by one."""
    if connection.vendor != "postgresql":
        for statement in statements:
            cursor.execute(statement)
    elif statements:
        cursor.cursor.execute(";\n".join(statements), prepare=False)


def set_sequences(cursor, sequences, setting):
    """Puts back every sequence of ``sequences`` ((name, value) pairs) in one statement:
    ``setting`` sets one, from ``s.name`` and ``s.value``."""
    if sequences:
        cursor.execute(
            f"SELECT {setting} FROM unnest(%s::text[], %s::bigint[]) AS s(name, value)",  # noqa: S608 - the callers' own SQL
            [[name for name, _ in sequences], [value for _, value in sequences]],
        )


def may_apply_as_replica(cursor):
    """Whether the connection may turn off the foreign-key checks as a replica applying rows
    does (a superuser, as the test databases are made by). PostgreSQL tells every connection
    whether its user is one when it starts (the reported ``is_superuser`` setting): no query."""
    return cursor.cursor.connection.info.parameter_status("is_superuser") == "on"


@contextmanager
def unchecked_copy(cursor):
    """On PostgreSQL, a copy's rows go back without a foreign-key check for each (they were
    consistent when saved), if the connection may. Otherwise the checks wait for the
    transaction's end, or for the test's, where Django checks every deferred constraint
    before rolling back; on the demo content that check cost each test tens of milliseconds."""
    if connection.vendor != "postgresql":
        yield
        return
    if not may_apply_as_replica(cursor):
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        return
    cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")


def copied_tables(cursor):
    """The tables whose rows are copied: SQLite's full-text tables are left out (triggers on
    Wagtail's index table keep them in step with it)."""
    tables = connection.introspection.table_names(cursor)
    if connection.vendor != "sqlite":
        return tables
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
    virtual = [name for (name,) in cursor.fetchall()]
    return [t for t in tables if not any(t == v or t.startswith(f"{v}_") for v in virtual)]


def dump_rows(cursor, table):
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
            return b"".join(bytes(block) for block in copy)
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the catalogue
    return cursor.fetchall()


def load_rows(cursor, table, rows):
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
            copy.write(rows)
        return
    marks = ", ".join("?" * len(rows[0]))
    cursor.cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)  # noqa: S608


def numbered_columns(cursor):
    """(sequence, table, column) for every sequence that numbers a column of the schema."""
    cursor.execute(
        "SELECT s.relname, t.relname, a.attname FROM pg_depend d"
        " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
        " WHERE d.deptype IN ('a', 'i') AND s.relnamespace = current_schema()::regnamespace"
    )
    return cursor.fetchall()


SAVERS = {"sqlite": SQLiteCopy, "postgresql": PostgreSQLCopy}


def delete_rows_sql_flush(original):
    """PostgreSQL's ``sql_flush`` for the tests that commit: rather than one TRUNCATE of every
    table (which gives each of the schema's tables new files, seconds on every such test), a
    DELETE of the tables that hold rows, found in one query, sent in one statement. Every row
    goes, so the foreign keys are not checked for each (as by a replica) if the connection may;
    otherwise at the end of the flush's transaction. With ``reset_sequences`` or
    ``allow_cascade`` (never asked for by these tests) Django's own statement is used."""

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        quoted = [self.quote_name(table) for table in tables]
        filled = " UNION ALL ".join(
            f"SELECT {index} WHERE EXISTS (SELECT 1 FROM {name})"  # noqa: S608 - names from the catalogue
            for index, name in enumerate(quoted)
        )
        with self.connection.cursor() as cursor:
            cursor.execute(filled)
            indexes = [index for (index,) in cursor.fetchall()]
            unchecked = may_apply_as_replica(cursor)
        if not indexes:
            return []
        deletes = [f"DELETE FROM {quoted[index]}" for index in indexes]  # noqa: S608 - names from the catalogue
        first = "SET LOCAL session_replication_role = replica" if unchecked else "SET CONSTRAINTS ALL DEFERRED"
        return [";\n".join([first, *deletes])]

    return sql_flush


def _built(build):
    """What ``build()`` returns, its records indexed for search and references once it is done
    instead of on every save (the same entries: tests/factories/indexing.py)."""
    with indexed_once():
        return build()


# The one instance of the session (tests/conftest.py installs it and offers it as a fixture).
SNAPSHOTS = DemoSnapshots()
