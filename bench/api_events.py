"""The public API's events through gunicorn, from the shared page cache and without it, against
/healthz measured by the same server in the same run.

Builds the event pages' bench data (bench/event_pages.py: an index of events, each with a
cover picture and a topic, and one event with 40 sessions, 60 speakers and 25 partners), then
serves it with gunicorn twice, with ``PAGE_CACHE_SECONDS`` at 60 and at 0
(bench/public_pages.py's ``through_gunicorn``), and asks /api/v1/events (both languages, a
filtered list, a page of 100) and the big event from this process. Prints requests per second,
p50/p95/p99 and the ratio to /healthz, with the load average.

    .venv/bin/python bench/api_events.py                      # temporary SQLite file
    .venv/bin/python bench/api_events.py --quick              # 5 events, 2 workers, a second an address
    .venv/bin/python bench/api_events.py --postgres --json rows.json   # rows for bench/run.py
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, write_rows  # noqa: E402 - the path is set just above
from bench.public_pages import through_gunicorn  # noqa: E402


def api_urls(big):
    return {
        "api events (ar)": "/api/v1/events?lang=ar",
        "api events (en)": "/api/v1/events?lang=en",
        "api events, filtered": "/api/v1/events?lang=en&kind=conference&city=Baghdad&date_from=2020-01-01",
        "api events, 100": "/api/v1/events?lang=ar&limit=100",
        "api event (en)": f"/api/v1/events/{big.pk}?lang=en",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=60, help="events in the index (default 60)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.0, help="per address (default 3)")
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--quick", action="store_true", help="a small index, 2 workers, a second an address")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.events, args.workers, args.seconds = 5, 2, 1.0

    url = None
    if args.postgres:
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/multaqa_bench_api_events")
    label = boot(url)
    from django.db import connections

    from bench.event_pages import build

    big = build(args.events)
    connections.close_all()
    print(f"Database: {label}; load average before: {os.getloadavg()[0]:.2f}")
    found = through_gunicorn(api_urls(big), args.workers, args.seconds, args.connections)
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
