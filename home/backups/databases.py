"""Each database vendor's copy in and out: ``dump(target)`` writes the database in use to a file
and describes it, ``load(dump, described)`` replaces the database in use with a dump, in one
transaction either way.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the live file page by
  page within one read transaction, and back into it within one write transaction. Rows are
  counted in the copy.
- PostgreSQL: ``pg_dump --format=custom`` of the connection's schema, given the snapshot of a
  repeatable-read transaction in which the rows are counted. Back in, psql runs pg_restore's
  script in one transaction that first drops every table, view and sequence of the schema (so
  that tables made since the backup go too); it is committed only when pg_restore has written
  the whole script, and rolled back at the first error.

The client programs connect with the settings of Django's connection (under tests, the test
database), not with DATABASE_URL.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing, suppress

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext as _

from .errors import BackupError, failed

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1 << 20
# pg_restore's list entries that create the schema itself: the schema stays, its tables go.
SCHEMA_ENTRY = re.compile(r"^\d+; \d+ \d+ (SCHEMA - |COMMENT - SCHEMA )")
# Run by psql before the dump's script, in the same transaction. The schema comes in as a psql
# variable, which psql quotes (:'schema').
EMPTY_SCHEMA = """BEGIN;
SET client_min_messages = warning;
SELECT set_config('multaqa.restore_schema', :'schema', true);
DO $restore$ DECLARE item record; BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_setting('multaqa.restore_schema') AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      -- a column's own sequence goes with its table
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
      current_setting('multaqa.restore_schema'), item.relname);
  END LOOP;
END $restore$;
"""


def vendor():
    """The vendor of the database in use, if backups support it."""
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL; this site's database is %(vendor)s.")
            % {"vendor": connection.vendor},
            "unsupported_vendor",
        )
    return connection.vendor


def dump(target):
    """Writes the database in use to ``target``; returns its version, applied migrations and rows
    per model, read in the same snapshot."""
    return {"sqlite": _dump_sqlite, "postgresql": _dump_postgresql}[vendor()](target)


def load(source, described):
    """Replaces the database in use with the dump ``source`` (described as ``dump`` returned)."""
    if connection.in_atomic_block:
        raise RuntimeError("A restore replaces the whole database: run it outside a transaction.")
    connection.close()  # PostgreSQL drops every table, which waits for any session using one
    {"sqlite": _load_sqlite, "postgresql": _load_postgresql}[vendor()](source, described)


def row_counts():
    """Rows per model (``app_label.Model``) in the database in use."""
    with connection.cursor() as cursor:
        return _describe(cursor, set(connection.introspection.table_names(cursor)))["rows"]


def _describe(cursor, existing):
    """Rows per model and applied migrations, read through ``cursor`` (of the database or its
    copy); the models whose table is not in ``existing`` are left out."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.setdefault(model._meta.db_table, model._meta.label)
    rows = {}
    for table, label in sorted(tables.items(), key=lambda item: item[1]):
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the models
            rows[label] = cursor.fetchone()[0]
    migrations = {}
    if "django_migrations" in existing:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return {"migrations": migrations, "rows": rows}


# --- SQLite ----------------------------------------------------------------------------------


def _dump_sqlite(target):
    if connection.is_in_memory_db():
        raise RuntimeError("An in-memory SQLite database cannot be copied from another connection.")
    with (
        closing(sqlite3.connect(connection.settings_dict["NAME"], timeout=30)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, whatever mode the site runs in
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        described = _describe(cursor, {name for (name,) in cursor.fetchall()})
    return {"version": sqlite3.sqlite_version, **described}


def _load_sqlite(source, _described):
    with (
        closing(sqlite3.connect(source)) as copy,
        closing(sqlite3.connect(connection.settings_dict["NAME"], timeout=30)) as target,
    ):
        try:
            copy.backup(target)
        except sqlite3.Error as error:
            raise failed("SQLite", error) from error


# --- PostgreSQL ------------------------------------------------------------------------------


def _dump_postgresql(target):
    if connection.in_atomic_block:
        raise RuntimeError("A backup takes a snapshot of its own: run it outside a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_schema(), current_setting('server_version')")
        snapshot, schema, version = cursor.fetchone()
        described = _describe(cursor, set(connection.introspection.table_names(cursor)))
        pattern = '"' + schema.replace('"', '""') + '"'
        _run("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--schema={pattern}", f"--file={target}"])
    return {"version": version, "schema": schema, **described}


def _load_postgresql(source, described):
    listing = source.with_name(source.name + ".list")
    entries = _run("pg_restore", ["--list", str(source)], connect=False).splitlines()
    listing.write_text("\n".join(line for line in entries if not SCHEMA_ENTRY.match(line)) + "\n")
    script = ["pg_restore", "--no-owner", "--no-acl", f"--use-list={listing}", "--file=-", str(source)]
    psql, environment = _client(
        "psql", ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", f"--set=schema={described['schema']}"]
    )
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        writer = _start(script, stdout=subprocess.PIPE, stderr=restore_errors)
        try:
            receiver = _start(
                psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=environment
            )
        except BackupError:
            writer.kill()
            writer.wait()
            raise
        try:
            receiver.stdin.write(EMPTY_SCHEMA.encode())
            shutil.copyfileobj(writer.stdout, receiver.stdin, CHUNK)
            if writer.wait() == 0:
                receiver.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error and rolled back; its message is read below
        finally:
            writer.stdout.close()
            with suppress(BrokenPipeError):
                receiver.stdin.close()  # without a COMMIT, psql ends and the transaction is rolled back
            writer.wait()
            receiver.wait()
        # psql first: when it stops, pg_restore is cut off too, and psql says why.
        for program, process, errors in (("psql", receiver, psql_errors), ("pg_restore", writer, restore_errors)):
            if process.returncode:
                errors.seek(0)
                raise failed(program, errors.read().decode(errors="replace").strip()[-2000:])


def _client(program, parameters):
    """``program``'s command line and environment for the database of Django's connection."""
    arguments, environment = connection.client.settings_to_cmd_args_env(connection.settings_dict, parameters)
    return [program, *arguments[1:]], {**os.environ, **(environment or {})}


def _start(command, **options):
    try:
        return subprocess.Popen(command, **options)  # noqa: S603 - the PostgreSQL client programs, no shell
    except FileNotFoundError as error:
        raise BackupError(
            _("%(program)s was not found: install the PostgreSQL client programs of the server's version.")
            % {"program": command[0]},
            "tool_missing",
        ) from error


def _run(program, parameters, connect=True):
    command, environment = _client(program, parameters) if connect else ([program, *parameters], None)
    process = _start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    output, errors = process.communicate()
    if process.returncode:
        raise failed(program, errors.decode(errors="replace").strip()[-2000:])
    return output.decode()
