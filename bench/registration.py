"""Registrations through the real stack: gunicorn on a loopback port, a fresh database, and 20
concurrent HTTP clients in this (separate) process.

Gunicorn runs one worker per core by default, as docs/deployment.md advises for a machine that
also runs the database: on two cores that also run PostgreSQL, two workers registered a quarter
more people a minute than four (the worker holding an event's lock otherwise waits for a core
while the others wait for the lock). ``--workers 4`` measures the machine over-subscribed.

Each client posts the one-click registration form of a signed-in, verified participant (session
cookies made during set-up), exactly as a browser does after "Register now" on an event page.
The same clients then hammer /healthz, so the registration rate is printed against a trivial
view measured in the same run. Half the requests find a seat, half join the waiting list, and
the run checks afterwards that exactly ``capacity`` people were confirmed.

As in production, the cache (sessions, allauth's rate limits) is Redis when one answers at
``--redis`` (default redis://127.0.0.1:6379/15, keys under a prefix of their own); sessions
are then read from it, as they are after the participant's first page view. ``--redis none``
measures the demo's set-up: an in-process cache and sessions read from the database.

    .venv/bin/python bench/registration.py                      # SQLite file in a temp folder
    .venv/bin/python bench/registration.py --postgres           # PostgreSQL ($BENCH_DATABASE_URL or
                                                                #   postgres://postgres@127.0.0.1:5432/multaqa_registration_bench)
    .venv/bin/python bench/registration.py --existing 0,20000,100000   # three events already holding
                                                                # that many registrations

``--existing`` makes one event per number, each already holding that many registrations
(confirmed ones, bulk-inserted with their people, the seats raised by as many), to show that a
registration costs the same however many people registered before: the service reads the
event's counter under its lock instead of counting them (events/registrations/services/
counter.py). The events share one database and one server, and are measured in interleaved
blocks with the trivial view (``--rounds``), so that the load of the machine, shared with
others, weighs on every figure alike; each event gets ``--registrations`` newcomers.

Targets (issue 5): at least 10 % of the trivial view's throughput, under 20 SQL queries per
registration, at least 3,000 registrations a minute on PostgreSQL. Issue 14: at least 20 %
of the trivial view on PostgreSQL and 25 % on SQLite, under 10 SQL statements (the
transaction's BEGIN and COMMIT aside), the ratio within 10 % of itself from no registration
to 100,000, none oversold, no 5xx.
"""

import argparse
import http.client
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import row, write_rows  # noqa: E402 - the path is set just above
from bench._http import percentile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_registration_bench"
REDIS_DEFAULT = "redis://127.0.0.1:6379/15"
CSRF = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django's unmasked secret length
SPARE = 2  # participants per event registering through the test client during set-up
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


# --- set-up and checks, run in a child process with Django loaded --------------------------


def _django():
    for path in (str(ROOT / "site"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def setup(out, users, existing):
    """One event per number in ``existing`` (that many earlier registrations each, seats for
    them and for half of ``users`` newcomers), ``users`` signed-in participants per event, and
    two spare participants per event registering through the real view: the first makes the
    event's first registration (which counts the event once, and fills the cached map of the
    webhooks), the second's queries are counted, as those of every registration after it."""
    _django()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core import signing
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from events.registrations.models import RegistrationSettings
    from events.registrations.services.questions import FORM_SALT, fingerprint
    from fixtures import site
    from home import second_factor
    from network.models import Person
    from tests.factories.registrations import event_page

    call_command("migrate", verbosity=0, interactive=False)
    site.load(lambda message: None)
    events = []
    for number in existing:
        event = event_page(title=f"Bench workshop ({number} earlier)")
        capacity = number + users // 2 + SPARE  # the spare participants' seats too
        settings_row = RegistrationSettings.objects.create(event=event, capacity=capacity, waitlist_enabled=True)
        add_existing(event, number)
        events.append((event, settings_row, number, capacity))

    user_model = get_user_model()
    accounts = []
    for number in range(len(events) * (users + SPARE)):
        user = user_model(username=f"bench{number}", email=f"bench{number}@example.org")
        user.set_unusable_password()
        accounts.append(user)
    accounts = user_model.objects.bulk_create(accounts, batch_size=500)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in accounts], batch_size=500
    )
    Person.objects.bulk_create(
        [
            Person(user=u, email=u.email, name=f"Bench Person {n}", name_ar=f"مشارك {n}", slug=f"bench-{n}")
            for n, u in enumerate(accounts)
        ],
        batch_size=500,
    )
    expires = timezone.now() + timezone.timedelta(days=1)
    store = SessionStore()
    sessions, keys = [], []
    for user in accounts:
        key = get_random_string(32)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            # The event page viewed just before (see below) checked, as every page does, whether
            # the account has a staff role, and kept the answer in the session for ten minutes.
            second_factor.SESSION_KEY: {"user": user.pk, "role": False, "at": time.time()},
        }
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(sessions, batch_size=500)
    # Each participant opened the event page before pressing "Register": with a shared cache
    # configured (production), their session is in it, as after that first request.
    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE.endswith("cached_db"):
        for key in keys:
            engine.SessionStore(session_key=key).load()

    found = []
    for index, (event, settings_row, number, capacity) in enumerate(events):
        first = index * (users + SPARE)
        form = {
            "form_key": signing.Signer(salt=FORM_SALT).sign(fingerprint(settings_row, [])),
            "csrfmiddlewaretoken": CSRF,
        }
        url = f"/ar/registrations/{event.pk}/"
        # Queries of one registration request, counted with the test client on the second spare
        # account, after the first spare one made the event's first registration.
        for spare in range(SPARE):
            client = Client()
            client.cookies[settings.SESSION_COOKIE_NAME] = keys[first + users + spare]
            person = Person.objects.get(user=accounts[first + users + spare])
            with CaptureQueriesContext(connection) as queries:
                response = client.post(url, {**form, "name": person.name, "name_ar": person.name_ar})
            assert response.status_code == 302, response.status_code
        found.append(
            {
                "existing": number,
                "capacity": capacity,
                "url": url,
                "form": form,
                "names": [(f"Bench Person {n}", f"مشارك {n}") for n in range(first, first + users)],
                "sessions": keys[first : first + users],
                "queries": len(queries.captured_queries),
                "statements": sum(not q["sql"].startswith(TRANSACTION_CONTROL) for q in queries.captured_queries),
                "query_log": [q["sql"][:100] for q in queries.captured_queries],
                "event_id": event.pk,
            }
        )
    Path(out).write_text(json.dumps({"session_cookie": settings.SESSION_COOKIE_NAME, "events": found}))


def add_existing(event, number, batch=5000):
    """``number`` people already confirmed for ``event``, inserted in bulk, then the event's
    counter set from them as the reconciliation would (the services never saw them)."""
    if not number:
        return
    from django.db import transaction
    from django.utils import timezone

    from events.registrations.models import Registration, RegistrationSource, RegistrationStatus
    from events.registrations.services.counter import reconcile
    from network.models import Person

    now = timezone.now()
    started = time.perf_counter()
    for first in range(0, number, batch):
        numbers = range(first, min(first + batch, number))
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [Person(name=f"Earlier {n}", name_ar=f"سابق {n}", slug=f"earlier-{event.pk}-{n}") for n in numbers]
            )
            Registration.objects.bulk_create(
                [
                    Registration(
                        event=event,
                        person=person,
                        status=RegistrationStatus.CONFIRMED,
                        source=RegistrationSource.IMPORT,
                        created_at=now,
                        status_changed_at=now,
                    )
                    for person in people
                ]
            )
    [difference] = reconcile(fix=True, event_ids=[event.pk])
    print(
        f"  {number:,} earlier registrations inserted in {time.perf_counter() - started:.1f} s; "
        f"counter set to {difference.true}",
        flush=True,
    )


def verify(out, event_ids):
    _django()
    from django.db.models import Count

    from events.registrations.models import Registration

    found = {}
    for event_id in event_ids:
        rows = Registration.objects.filter(event_id=event_id).values("status").annotate(n=Count("pk"))
        found[event_id] = {row["status"]: row["n"] for row in rows}
    Path(out).write_text(json.dumps(found))


# --- the HTTP side, in this process ------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response.status, response.getheader("Location", ""), elapsed


def run_clients(clients, jobs, work):
    """Runs ``work(job)`` for every job with ``clients`` threads; returns (seconds, results)."""
    pending = queue.Queue()
    for job in jobs:
        pending.put(job)
    results, lock = [], threading.Lock()

    def client():
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                return
            outcome = work(job)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, results


def child(env, *arguments):
    subprocess.run([PYTHON, __file__, *arguments], env=env, cwd=ROOT, check=True)


def fresh_postgres(url, drop_only=False):
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn workers (default one per core, as docs/deployment.md advises: %(default)s here)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per gunicorn worker (default 1: sync workers, as deployed)"
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent HTTP clients (default 20)")
    parser.add_argument("--registrations", type=int, default=2000, help="registrations to send (default 2000)")
    parser.add_argument(
        "--trivial", type=int, default=4000, help="/healthz requests, half before and half after (default 4000)"
    )
    parser.add_argument(
        "--existing",
        default="0",
        help="registrations the event already has, comma-separated for several runs (default 0; "
        "issue 14 measures 0,20000,100000)",
    )
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds of the measurement (default 10)")
    parser.add_argument(
        "--inline-email",
        action="store_true",
        help="send the confirmation email inside the request (the demo's immediate task backend) "
        "instead of queueing it for a worker (production's database backend)",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", REDIS_DEFAULT),
        help="shared cache for sessions and rate limits, as in production (default %(default)s; "
        "'none' for the in-process cache and sessions in the database)",
    )
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    parser.add_argument("--quick", action="store_true", help="200 registrations an event in 2 rounds (a smoke test)")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--verify", help=argparse.SUPPRESS)
    parser.add_argument("--users", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--event", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        return setup(args.setup, args.users, [int(n) for n in args.existing.split(",")])
    if args.verify:
        return verify(args.verify, [int(n) for n in args.event.split(",")])
    existing = [int(number.replace("_", "")) for number in args.existing.split(",")]
    if args.quick:
        args.registrations, args.trivial, args.rounds = 200, 400, 2
    runs = run(args, existing)
    write_rows(args.json, rows_of(args, runs))
    return summarise(args, runs)


def rows_of(args, runs):
    """bench/run.py's rows: each event's registrations a minute against /healthz's, with its
    5xx answers and oversold seats."""
    database = "postgres" if args.postgres else "sqlite"
    found = []
    for figures in runs:
        scenario = f"registering, {figures['existing']:,} earlier"
        found += [
            row(scenario, database, "throughput", figures["rate"], "a minute", "/healthz", figures["trivial_rate"]),
            row(scenario, database, "latency p95", figures["p95"], "ms"),
            row(scenario, database, "5xx / oversold", figures["server_errors"] + figures["oversold"], "answers, seats"),
            row(scenario, database, "SQL statements", figures["statements"], "a registration"),
        ]
    return found


def run(args, existing):
    """One database and one server; the events' registrations and the trivial view measured
    in interleaved blocks (``--rounds``, the order turning each round), so that the machine's
    load, shared with others, weighs on every figure alike. Returns each event's figures."""
    folder = Path(tempfile.mkdtemp(prefix="multaqa-registration-bench-"))
    port = free_port()
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
        "TASKS_BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if args.inline_email else "core.tasks.DatabaseQueue"
        ),
        "LOG_LEVEL": "ERROR",
        # Thousands of people registering from this one address: the per-address limit is lifted
        # (its cost, a cache increment or two, stays in what is measured).
        "RATE_LIMITS": '{"register": "1000000/10m/ip,10/10m/user"}',
    }
    if args.redis != "none":
        env["REDIS_URL"] = args.redis
        env["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}-{time.time_ns()}"  # nothing of an earlier run
    else:
        env.pop("REDIS_URL", None)
        env.pop("CACHE_URL", None)
    setup_file, verify_file = folder / "setup.json", folder / "verify.json"
    numbers = ",".join(map(str, existing))
    print(f"Setting up {len(existing)} event(s) with {numbers} earlier registrations and "
          f"{args.registrations} verified participants each on {label}…", flush=True)  # fmt: skip
    child(env, "--setup", str(setup_file), "--users", str(args.registrations), "--existing", numbers)
    data = json.loads(setup_file.read_text())
    events = data["events"]

    server = subprocess.Popen(
        [
            GUNICORN,
            "wsgi:application",
            "--pythonpath",
            "site",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    trivial_time, trivial = 0.0, []
    measured = [{"time": 0.0, "results": []} for _ in events]
    try:
        for _ in range(100):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        # Warm every worker: imports, templates, URL resolvers, database connections.
        run_clients(args.clients, range(args.clients * 10), lambda _: request(port, "GET", "/healthz"))
        run_clients(args.clients, range(args.clients * 2), lambda _: request(port, "GET", "/ar/events/"))

        def register(event, number):
            name, name_ar = event["names"][number]
            body = urlencode({**event["form"], "name": name, "name_ar": name_ar})
            cookie = f"{data['session_cookie']}={event['sessions'][number]}; csrftoken={CSRF}"
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            return request(port, "POST", event["url"], body=body, headers=headers)

        blocks = ["trivial", *range(len(events))]
        for round_number in range(args.rounds):
            turn = round_number % len(blocks)
            for block in blocks[turn:] + blocks[:turn]:
                if block == "trivial":
                    jobs = range(args.trivial // args.rounds)
                    seconds, results = run_clients(args.clients, jobs, lambda _: request(port, "GET", "/healthz"))
                    trivial_time += seconds
                    trivial += results
                    continue
                event, figures = events[block], measured[block]
                size = args.registrations // args.rounds
                jobs = range(round_number * size, (round_number + 1) * size)
                seconds, results = run_clients(args.clients, jobs, lambda number, e=event: register(e, number))
                figures["time"] += seconds
                figures["results"] += results
    finally:
        server.terminate()
        server.wait(timeout=30)

    child(env, "--verify", str(verify_file), "--event", ",".join(str(event["event_id"]) for event in events))
    statuses = json.loads(verify_file.read_text())
    if args.postgres:
        fresh_postgres(url, drop_only=True)

    trivial_rate = len(trivial) / trivial_time * 60
    trivial_latencies = [r[2] * 1000 for r in trivial]
    emails = "rendered inside the request" if args.inline_email else "queued for the task worker"
    cache = f"Redis ({args.redis})" if args.redis != "none" else "in-process cache, sessions in the database"
    print()
    print(
        f"Registration benchmark — {label}, gunicorn {args.workers} workers × {args.threads} threads,"
        f" {args.clients} clients"
    )
    print(f"confirmation emails: {emails}; cache and sessions: {cache}")
    print(f"{args.rounds} rounds, each: /healthz and every event's registrations in turn")
    print(
        f"trivial view (/healthz): {len(trivial)} requests, {trivial_rate:,.0f} a minute, "
        f"p50 {statistics.median(trivial_latencies):.1f} ms, p95 {percentile(trivial_latencies, 0.95):.1f} ms"
    )
    runs = []
    for event, figures in zip(events, measured, strict=True):
        results = figures["results"]
        latencies = [r[2] * 1000 for r in results]
        status = statuses[str(event["event_id"])]
        good = [r for r in results if r[0] == 302 and "/my/events/" in r[1]]
        rate = len(results) / figures["time"] * 60
        runs.append(
            {
                "existing": event["existing"],
                "rate": rate,
                "trivial_rate": trivial_rate,
                "ratio": rate / trivial_rate,
                "p50": statistics.median(latencies),
                "p95": percentile(latencies, 0.95),
                "failed": len(results) - len(good),
                "server_errors": sum(1 for r in results if r[0] >= 500),
                "oversold": max(status.get("confirmed", 0) - event["capacity"], 0),
                "unfilled": max(event["capacity"] - status.get("confirmed", 0), 0),
                "queries": event["queries"],
                "statements": event["statements"],
                "statuses": status,
                "capacity": event["capacity"],
            }
        )
    return runs


def summarise(args, runs):
    """Each event's figures side by side, the spread of the ratio and the issues' targets."""
    floor = 0.20 if args.postgres else 0.25
    print(f"{'earlier registrations':>22}{'per minute':>12}{'ratio':>8}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'5xx':>6}{'oversold':>10}{'queries':>9}{'SQL':>5}")  # fmt: skip
    for figures in runs:
        print(
            f"{figures['existing']:>22,}{figures['rate']:>12,.0f}{figures['ratio']:>8.1%}{figures['p50']:>9.1f}"
            f"{figures['p95']:>9.1f}{figures['server_errors']:>6}{figures['oversold']:>10}{figures['queries']:>9}"
            f"{figures['statements']:>5}"
        )
    for figures in runs:
        print(f"  {figures['existing']:,} earlier: {figures['statuses']} (capacity {figures['capacity']:,})")
    print("queries: those of one registration through the view (test client, a spare participant, after the "
          "event's first registration), as Django counts them; SQL: the same without BEGIN and COMMIT")  # fmt: skip
    ratios = [figures["ratio"] for figures in runs]
    spread = (max(ratios) - min(ratios)) / max(ratios)
    print(f"spread of the ratio across the events: {spread:.1%} of the highest")
    targets = [
        ("≥ 10 % of the trivial view (issue 5)", min(ratios) >= 0.10),
        (f"≥ {floor:.0%} of the trivial view", min(ratios) >= floor),
        ("none oversold", all(figures["oversold"] == 0 for figures in runs)),
        ("no 5xx", all(figures["server_errors"] == 0 for figures in runs)),
        ("under 10 SQL statements (issue 14)", all(figures["statements"] < 10 for figures in runs)),
    ]
    if len(runs) > 1:
        targets.append(("ratio within 10 % across the events", spread <= 0.10))
    print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in targets))
    print(f"load average at the end: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")
    assert all(figures["failed"] == 0 for figures in runs), "some registrations failed"
    assert all(figures["oversold"] == figures["unfilled"] == 0 for figures in runs), (
        "the confirmed count does not match the capacity"
    )


if __name__ == "__main__":
    main()
