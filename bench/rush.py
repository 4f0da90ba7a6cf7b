"""A registration rush through the real stack: 1,000 people try to register at once for an
event with 100 seats, from 50 concurrent clients, against gunicorn with several workers. Each
attempt is the one-click form a signed-in, verified participant posts (the set-up is
bench/registration.py's). Afterwards the database must hold exactly 100 confirmed people (no
seat sold twice), the rest on the waiting list, and no answer may have been a server error.
/healthz is asked the same number of times by the same 50 clients in the same run.

    .venv/bin/python bench/rush.py                  # SQLite file in a temp folder
    .venv/bin/python bench/rush.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_rush
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import database_name, drop_scratch_database, row, scratch_database, write_rows  # noqa: E402
from bench._http import CSRF, ROOT, Server, batch, django_child, environment, measured_batch, rows  # noqa: E402

REGISTRATION = str(ROOT / "bench" / "registration.py")
SEATS = """
from events.registrations.models import RegistrationSettings
print(RegistrationSettings.objects.filter(event_id={event}).update(capacity={seats}))
"""


def registration_child(env, *arguments):
    subprocess.run([sys.executable, REGISTRATION, *arguments], env=env, cwd=ROOT, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--attempts", type=int, default=1000, help="people trying to register (default 1000)")
    parser.add_argument("--seats", type=int, default=100, help="the event's capacity (default 100)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--quick", action="store_true", help="60 attempts at 10 seats from 10 clients")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.attempts, args.seats, args.clients, args.workers = 60, 10, 10, 2

    folder = Path(tempfile.mkdtemp(prefix="multaqa-rush-bench-"))
    url = scratch_database(args.postgres, folder, "multaqa_bench_rush")
    database = database_name(url)
    env = environment(
        url,
        folder,
        TASKS_BACKEND="core.tasks.DatabaseQueue",  # confirmation emails queued, as in production
        RATE_LIMITS='{"register": "1000000/10m/ip,10/10m/user"}',  # every client is 127.0.0.1
    )
    try:
        setup_file, verify_file = folder / "setup.json", folder / "verify.json"
        # The set-up registers one spare participant with the test client (to count queries):
        # that person holds one of the seats before the rush.
        registration_child(env, "--setup", str(setup_file), "--users", str(args.attempts), "--existing", "0")
        written = json.loads(setup_file.read_text())
        data = {**written["events"][0], "session_cookie": written["session_cookie"]}
        # registration.py seats half its participants; the rush has fewer seats.
        django_child(env, SEATS.format(event=data["event_id"], seats=args.seats))
        jobs = []
        for number in range(args.attempts):
            name, name_ar = data["names"][number]
            body = urlencode({**data["form"], "name": name, "name_ar": name_ar})
            cookie = f"{data['session_cookie']}={data['sessions'][number]}; csrftoken={CSRF}"
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            jobs.append(("POST", data["url"], body, headers))
        with Server(env, workers=args.workers) as server:
            half = [("GET", "/healthz")] * (args.attempts // 2)
            first = measured_batch(server, half, clients=args.clients)
            rush = measured_batch(server, jobs, clients=args.clients)
            second = batch(server, half, clients=args.clients)
        registration_child(env, "--verify", str(verify_file), "--event", str(data["event_id"]))
        statuses = json.loads(verify_file.read_text())[str(data["event_id"])]
    finally:
        drop_scratch_database(url)
        shutil.rmtree(folder, ignore_errors=True)

    healthz = first
    healthz.requests += second.requests
    healthz.seconds += second.seconds
    confirmed = statuses.get("confirmed", 0)
    waitlisted = statuses.get("waitlisted", 0)
    answered = sum(1 for status, _body in rush.answers if status == 302)
    scenario = f"registration rush ({args.attempts:,} for {args.seats} seats, {args.clients} clients)"
    found = rows(scenario, database, rush, healthz)
    found += [
        row(scenario, database, "confirmed", confirmed, f"of {args.seats} seats"),
        row(scenario, database, "oversold", max(0, confirmed - args.seats), "seats"),
        row(scenario, database, "waitlisted or refused", args.attempts + 1 - confirmed, "people"),
        row(scenario, database, "answered with a redirect", answered, f"of {args.attempts:,}"),
    ]
    print(
        f"{scenario}: {rush.throughput:,.1f} attempts/s (/healthz {healthz.throughput:,.0f}/s), "
        f"p95 {rush.p95:.0f} ms; {confirmed} confirmed, {waitlisted} waitlisted, {rush.server_errors} server errors"
    )
    write_rows(args.json, found)
    assert confirmed == args.seats, f"{confirmed} confirmed for {args.seats} seats"
    assert rush.server_errors == 0, f"{rush.server_errors} server errors"


if __name__ == "__main__":
    main()
