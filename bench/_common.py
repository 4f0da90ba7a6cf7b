"""Shared plumbing for the benchmark scripts: boot Django against a throw-away database, time
requests with Django's test client, and print figures against a trivial view measured in the
same run.

    from bench._common import boot, measure, report
    boot()                      # a temporary SQLite file, or $DATABASE_URL (PostgreSQL)
    ...build data...
    report(measure({"healthz": "/healthz", "page": "/ar/events/"}), baseline="healthz")

A script that measures in child processes (a fresh process per measurement) calls ``attach()``
in each child, which inherits the environment ``boot`` set: the same database, not migrated
again. ``drop_postgres(url)`` removes a PostgreSQL database ``boot`` made.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def _fresh_postgres(url):
    """Drops and recreates the benchmark's own PostgreSQL database: a copy of the migrated
    template bench/run.py made ($BENCH_POSTGRES_TEMPLATE), or empty."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    template = os.environ.get("BENCH_POSTGRES_TEMPLATE")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def _fresh_sqlite(path):
    """A copy of the migrated SQLite template bench/run.py made ($BENCH_SQLITE_TEMPLATE), if
    any, at ``path``: migrating a fresh database costs more than many a measurement."""
    template = os.environ.get("BENCH_SQLITE_TEMPLATE")
    if template and Path(template).exists():
        shutil.copyfile(template, path)


def boot(database_url=None):
    """Sets Django up on an empty database and migrates it. Returns a description of the database."""
    url = database_url or os.environ.get("DATABASE_URL")
    folder = tempfile.mkdtemp(prefix="multaqa-bench-")
    os.environ["VAR_DIR"] = folder  # media, static and the secret key of this run
    if url and url.startswith("postgres"):
        _fresh_postgres(url)
        label = f"PostgreSQL ({urlparse(url).path.lstrip('/')})"
    else:
        url = f"sqlite:///{folder}/bench.sqlite3"
        label = f"SQLite ({folder}/bench.sqlite3)"
        _fresh_sqlite(f"{folder}/bench.sqlite3")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["DEBUG"] = "0"
    attach()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return label


def attach():
    """Sets Django up on the database named by the environment (a child process of a script
    that called ``boot``), without migrating it."""
    for path in (str(ROOT / "site"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)

    import django

    django.setup()


def drop_postgres(url):
    """Drops the PostgreSQL database ``boot`` made for ``url``, closing Django's connections
    to it first."""
    import psycopg
    from django.db import connections

    connections.close_all()
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(urls, requests=60, warmup=5, client=None):
    """Median and mean milliseconds per request (the median of this process's CPU time too),
    and queries per request, for each URL; with Django's test ``client`` (a new, anonymous one
    unless given)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = client or Client()
    results = {}
    for name, url in urls.items():
        for _ in range(warmup):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries.captured_queries)  # read now: the next request clears the log
        timings, processor = [], []
        for _ in range(requests):
            started, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            processor.append((time.process_time() - cpu) * 1000)
        results[name] = {
            "url": url,
            "median": statistics.median(timings),
            "mean": statistics.fmean(timings),
            "cpu": statistics.median(processor),
            "queries": query_count,
            "bytes": len(response.content),
        }
    return results


def report(results, baseline):
    base = results[baseline]["median"]
    heads = f"{'scenario':<32} {'median ms':>10} {'mean ms':>9} {'CPU ms':>7}"
    print(f"{heads} {'× ' + baseline:>11} {'queries':>8} {'KiB':>6}")
    for name, row in results.items():
        print(
            f"{name:<32} {row['median']:>10.2f} {row['mean']:>9.2f} {row['cpu']:>7.2f} {row['median'] / base:>11.1f} "
            f"{row['queries']:>8} {row['bytes'] / 1024:>6.1f}"
        )


def row(scenario, database, figure, value, unit, baseline=None, baseline_value=None, **extra):
    """One row of ``bench/run.py``'s table (bench/README.md): a figure, and the baseline it is
    compared with — measured in the same run — with their ratio."""
    found = {"scenario": scenario, "database": database, "figure": figure, "value": value, "unit": unit}
    if baseline is not None and baseline_value:
        found.update(baseline=baseline, baseline_value=baseline_value, ratio=value / baseline_value)
    found.update(extra)
    return found


def measured_rows(results, baseline, database, how):
    """bench/run.py's rows for what ``measure`` returned: each URL's median against the
    ``baseline`` URL's, timed the same way in the same run; ``how`` says which way."""
    base = results[baseline]
    return [
        row(f"{name}, {how}", database, "median", figures["median"], "ms", base["url"], base["median"],
            queries=figures["queries"], cpu_ms=round(figures["cpu"], 2))
        for name, figures in results.items()
        if name != baseline
    ]  # fmt: skip


def database_name(url=None):
    """ "postgres" or "sqlite", for the rows: the database ``url`` (or $DATABASE_URL) names."""
    url = url or os.environ.get("DATABASE_URL", "")
    return "postgres" if url.startswith("postgres") else "sqlite"


def write_rows(path, rows):
    """Writes the rows for ``bench/run.py`` (``--json PATH``); nothing without a path."""
    if path:
        Path(path).write_text(json.dumps(rows, indent=1, default=float))


def scratch_database(postgres, folder, name):
    """A fresh, empty database for a script that runs the site in other processes: PostgreSQL
    ($BENCH_DATABASE_URL, or the database ``name`` on the local server), dropped and made
    again; or a SQLite file in ``folder``. Returns its URL."""
    if not postgres:
        _fresh_sqlite(f"{folder}/bench.sqlite3")
        return f"sqlite:///{folder}/bench.sqlite3"
    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    _fresh_postgres(url)
    return url


def drop_scratch_database(url):
    """Drops what ``scratch_database`` made on PostgreSQL (a SQLite file goes with its folder)."""
    if not url.startswith("postgres"):
        return
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
