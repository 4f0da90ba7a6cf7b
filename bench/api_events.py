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

POSTGRES = "postgres://postgres@127.0.0.1:5432/multaqa_bench_api_events"


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
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--quick", action="store_true", help="5 events, 2 workers, a second an address")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    # Events in the index, gunicorn workers, seconds an address.
    events, workers, seconds = (5, 2, 1.0) if args.quick else (60, 4, 3.0)

    label = boot(os.environ.get("BENCH_DATABASE_URL", POSTGRES) if args.postgres else None)
    from django.db import connections

    from bench.event_pages import build

    big = build(events)
    connections.close_all()
    print(f"Database: {label}; load average before: {os.getloadavg()[0]:.2f}")
    write_rows(args.json, through_gunicorn(api_urls(big), workers, seconds))


if __name__ == "__main__":
    main()
