"""Demo content built once per test session and restored for each test that needs it again.

Loading the demo takes seconds; restoring a copy of the database it left takes milliseconds.
``DemoSnapshots.load(name, build)`` runs ``build`` the first time a test asks for ``name`` and
saves the whole database afterwards; the next test that asks for the same content (in the
same order, e.g. the site and then the events) gets that copy back instead.

A copy is only ever used when it gives a test exactly what building would have given it:

- only in tests that commit (``transactional_db``, ``live_server``), whose database is emptied
  after each test; inside the rolled-back transaction of an ordinary ``db`` test, the content
  is built as before;
- only while nothing else has been written since the test's set-up began (a fixture that
  created a user first would lose it to a restore), otherwise the content is built as before.

SQLite copies with the backup API, into memory. PostgreSQL copies every table into a schema
of its own in the test database and copies the rows back (the foreign keys are checked at the
end of the transaction), then puts the sequences back where they were.
"""

import itertools

from django.db import connection, transaction

# Statements that write nothing (the rest mark the database as changed).
READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "PRAGMA", "WITH")


class DemoSnapshots:
    def __init__(self):
        self.saved = {}
        self.state = None  # names loaded so far in this test, or None once something else wrote
        self.restoring = False
        self.numbers = itertools.count()

    # Tracking writes (every statement of the main thread's connection goes through here).

    def __call__(self, execute, sql, params, many, context):
        if not self.restoring and not str(sql).lstrip().upper().startswith(READ_ONLY):
            self.state = None
        return execute(sql, params, many, context)

    def test_starts(self):
        """Called before a test's fixtures are set up."""
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)
        self.state = ()

    # Loading.

    def load(self, name, build):
        """Runs ``build()``, or restores what it built before from the same starting point."""
        usable = self.state is not None and connection.vendor in SAVERS and not connection.in_atomic_block
        if not usable:
            build()
            self.state = None
            return
        key = (*self.state, name)
        if key in self.saved:
            self.restore(self.saved[key])
        else:
            build()
            self.saved[key] = self.save()
        self.state = key

    def save(self):
        self.restoring = True
        try:
            return SAVERS[connection.vendor].save(next(self.numbers))
        finally:
            self.restoring = False

    def restore(self, copy):
        self.restoring = True
        try:
            copy.restore()
        finally:
            self.restoring = False
        forget_cached_rows()


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
        quoted = ", ".join(f'"{table}"' for table in self.tables)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {quoted}")
            for table in self.filled:
                cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{self.schema}"."{table}"')  # noqa: S608 - names from the catalogue
            for sequence, value in self.sequences:
                if value is None:
                    cursor.execute("SELECT setval(%s, 1, false)", [sequence])
                else:
                    cursor.execute("SELECT setval(%s, %s, true)", [sequence, value])


SAVERS = {"sqlite": SQLiteCopy, "postgresql": PostgreSQLCopy}

# The one instance of the session (tests/conftest.py installs it and offers it as a fixture).
SNAPSHOTS = DemoSnapshots()
