"""Check-in at the desk through the real stack: gunicorn with several workers on a loopback
port, a fresh database, and the desks as HTTP clients in this (separate) process.

Two measurements, each against the trivial view (/healthz) measured in the same run:

- the round trip: one desk scans tickets one after another (the JSON POST the desk page sends
  when a scanner types a code), against one client asking /healthz one request at a time;
- the rush: several desks at once, each its own signed-in member of the event's desk, scan
  the event's tickets; every ticket is scanned by two desks (a person waved through at two
  doors), so half the answers must be "already checked in". Afterwards the database must hold
  exactly one record per ticket: zero duplicates.

    .venv/bin/python bench/checkin.py                 # SQLite file in a temp folder
    .venv/bin/python bench/checkin.py --postgres      # PostgreSQL ($BENCH_DATABASE_URL or
                                                      #   postgres://postgres@127.0.0.1:5432/multaqa_checkin_bench)

Target (issue 11): hundreds of scans a minute from several desks with zero duplicates.

Measured on the shared two-core development machine (other work running), PostgreSQL,
4 workers, 24 SQL queries a scan, two runs: a scan's round trip 44 and 62 ms at the median
(31 and 41 × the trivial view's 1.4–1.5 ms), 1,221 and 925 scans a minute from one desk;
8 desks at once, every ticket scanned twice, 997 and 1,349 scans a minute (p50 482 and
288 ms; 1.6 and 2.0 % of the trivial view's throughput with 8 clients), 801 records for
801 tickets and no duplicates both times. On SQLite with 2 workers and 4 desks: 26 ms round
trip, 2,009 scans a minute in the rush, no duplicates.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.registration import (  # noqa: E402 - the path above comes first
    GUNICORN,
    PYTHON,
    ROOT,
    _django,
    free_port,
    fresh_postgres,
    percentile,
    request,
    run_clients,
)

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_checkin_bench"
CSRF = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django's unmasked secret length


# --- set-up and checks, run in a child process with Django loaded --------------------------


def _sessions(users):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        store.create()
        keys.append(store.session_key)
    return keys


def setup(out, tickets, desks):
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from events.attendance.slots import slots_for
    from events.registrations.models import Registration, RegistrationSettings
    from events.registrations.services.tickets import ticket_token
    from fixtures import site
    from network.models import Person
    from tests.factories.attendance import desk_staff
    from tests.factories.registrations import event_page

    call_command("migrate", verbosity=0, interactive=False)
    site.load(lambda message: None)
    start = (timezone.now() + dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    event = event_page(title="Bench conference", start=start, end=start + dt.timedelta(hours=8))
    RegistrationSettings.objects.create(event=event, capacity=tickets + 10)
    people = Person.objects.bulk_create(
        [Person(name=f"Bench Person {n}", name_ar=f"مشارك {n}", slug=f"bench-{n}") for n in range(tickets + 1)],
        batch_size=500,
    )
    now = timezone.now()
    registrations = Registration.objects.bulk_create(
        [Registration(event=event, person=p, created_at=now, status_changed_at=now) for p in people],
        batch_size=500,
    )
    staff = [desk_staff(event, username=f"desk{n}", first_name=f"Desk {n}") for n in range(desks + 1)]
    keys = _sessions(staff)
    slot = slots_for(event)[0].key
    url = f"/en/desk/{event.pk}/scan/"

    # Queries of one scan, counted with the test client on the spare registration and desk.
    client = Client(enforce_csrf_checks=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = keys[-1]
    body = json.dumps({"code": ticket_token(registrations[-1]), "slot": slot, "client_key": "count"})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()["outcome"] == "green", response.content
    Path(out).write_text(
        json.dumps(
            {
                "url": url,
                "slot": slot,
                "tokens": [ticket_token(r) for r in registrations[:-1]],
                "sessions": keys[:-1],
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "queries": len(queries.captured_queries),
                "event_id": event.pk,
            }
        )
    )


def verify(out, event_id):
    _django()
    from django.db.models import Count

    from events.attendance.models import Attendance

    records = Attendance.objects.filter(event_id=event_id)
    per_ticket = records.values("registration_id", "slot").annotate(n=Count("pk"))
    Path(out).write_text(
        json.dumps({"records": records.count(), "duplicates": sum(1 for row in per_ticket if row["n"] > 1)})
    )


# --- the HTTP side, in this process ------------------------------------------------------------


def scanner(port, data):
    def scan(job):
        desk, token, key = job
        body = json.dumps({"code": token, "slot": data["slot"], "client_key": key})
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": CSRF,
            "Cookie": f"{data['session_cookie']}={data['sessions'][desk]}; csrftoken={CSRF}",
        }
        connection_started = time.perf_counter()
        status, _location, elapsed = request(port, "POST", data["url"], body=body, headers=headers)
        return status, elapsed, connection_started

    return scan


def serve(env, port, workers):
    return subprocess.Popen(
        [
            GUNICORN,
            "wsgi:application",
            "--pythonpath",
            "site",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )


def child(env, *arguments):
    subprocess.run([PYTHON, __file__, *arguments], env=env, cwd=ROOT, check=True)


def environment(args, folder, port):
    if args.postgres:
        url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT)
        fresh_postgres(url)
        label = f"PostgreSQL ({urlparse(url).path.lstrip('/')})"
    else:
        url = f"sqlite:///{folder}/bench.sqlite3"
        label = "SQLite (WAL, IMMEDIATE transactions)"
    env = {
        **os.environ,
        "VAR_DIR": str(folder),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        # One desk here scans far faster than a person can: the desks' limits are lifted.
        "RATE_LIMITS": '{"desk_lookup": ""}',
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    return env, url, label


def row(name, results, seconds):
    latencies = [r[1] * 1000 for r in results]
    rate = len(results) / seconds * 60
    print(
        f"{name:<34}{len(results):>9}{rate:>12,.0f}"
        f"{statistics.median(latencies):>9.1f}{percentile(latencies, 0.95):>9.1f}"
    )
    return rate, statistics.median(latencies)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--desks", type=int, default=8, help="desks scanning at once in the rush (default 8)")
    parser.add_argument("--tickets", type=int, default=600, help="tickets scanned twice (default 600)")
    parser.add_argument("--round-trips", type=int, default=200, help="scans one after another (default 200)")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--verify", help=argparse.SUPPRESS)
    parser.add_argument("--event", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        return setup(args.setup, args.tickets + args.round_trips, args.desks)
    if args.verify:
        return verify(args.verify, args.event)

    folder = Path(tempfile.mkdtemp(prefix="multaqa-checkin-bench-"))
    port = free_port()
    env, url, label = environment(args, folder, port)
    setup_file, verify_file = folder / "setup.json", folder / "verify.json"
    print(f"Setting up {args.tickets + args.round_trips} tickets and {args.desks} desks on {label}…", flush=True)
    child(
        env,
        "--setup",
        str(setup_file),
        "--tickets",
        str(args.tickets),
        "--round-trips",
        str(args.round_trips),
        "--desks",
        str(args.desks),
    )
    data = json.loads(setup_file.read_text())
    round_tokens, rush_tokens = data["tokens"][: args.round_trips], data["tokens"][args.round_trips :]

    server = serve(env, port, args.workers)
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        run_clients(args.desks, range(args.desks * 20), lambda _: request(port, "GET", "/healthz"))
        scan = scanner(port, data)

        # The round trip: one client, one request at a time, trivial view before and after.
        def trivial(count):
            return run_clients(1, range(count), lambda _: (None, request(port, "GET", "/healthz")[2]))

        first_time, first = trivial(args.round_trips // 2)
        trip_jobs = [(0, token, f"trip-{n}") for n, token in enumerate(round_tokens)]
        trip_time, trips = run_clients(1, trip_jobs, scan)
        second_time, second = trivial(args.round_trips // 2)

        # The rush: every ticket scanned by two different desks, the desks all at once; the
        # two scans of a ticket are next to each other in the queue, so they race.
        rush_jobs = []
        for n, token in enumerate(rush_tokens):
            for copy in range(2):
                rush_jobs.append(((n + copy) % args.desks, token, f"rush-{n}-{copy}"))
        trivial_rush_time, trivial_rush = run_clients(
            args.desks, range(len(rush_jobs)), lambda _: (None, request(port, "GET", "/healthz")[2])
        )
        rush_time, rush = run_clients(args.desks, rush_jobs, scan)
    finally:
        server.terminate()
        server.wait(timeout=30)

    child(env, "--verify", str(verify_file), "--event", str(data["event_id"]))
    found = json.loads(verify_file.read_text())
    if args.postgres:
        fresh_postgres(url, drop_only=True)

    print()
    print(f"Check-in benchmark — {label}, gunicorn {args.workers} workers")
    print(f"SQL queries per scan: {data['queries']}")
    print(f"{'':<34}{'requests':>9}{'per minute':>12}{'p50 ms':>9}{'p95 ms':>9}")
    _rate, trivial_median = row("trivial view, one client", first + second, first_time + second_time)
    _rate, trip_median = row("scan round trip, one desk", trips, trip_time)
    trivial_rate, _median = row(f"trivial view, {args.desks} clients", trivial_rush, trivial_rush_time)
    rush_rate, _median = row(f"scan rush, {args.desks} desks", rush, rush_time)
    print(f"round trip ÷ trivial view (median latency): {trip_median / trivial_median:.1f}×")
    print(f"rush ÷ trivial view (throughput): {rush_rate / trivial_rate:.1%}")
    failed = [r for r in trips + rush if r[0] != 200]
    expected = len(round_tokens) + len(rush_tokens) + 1  # the scan counted during set-up
    print(
        f"outcome: {len(failed)} requests failed; in the database {found['records']} records "
        f"for {expected} tickets, {found['duplicates']} duplicates"
    )
    targets = [
        ("hundreds of scans a minute", rush_rate >= 300),
        ("zero duplicates", found["duplicates"] == 0 and found["records"] == expected),
    ]
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in targets))
    assert not failed, "some scans failed"
    assert found["duplicates"] == 0 and found["records"] == expected, "records do not match the tickets"
    return None


if __name__ == "__main__":
    main()
