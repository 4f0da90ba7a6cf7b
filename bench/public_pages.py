"""Public pages through gunicorn, from the shared page cache and without it, against /healthz
measured by the same server in the same run.

Builds the event page's bench data (bench/event_pages.py: one event with 40 sessions, 60
speakers and 25 partners, an index of events) plus a directory, then serves it with gunicorn
(``--workers`` sync workers) twice, with ``PAGE_CACHE_SECONDS`` at 60 and at 0, and loads each
page in Arabic and English from this process (wrk when installed, else threads with keep-alive
connections: bench/_http.py). Prints requests per second, p50/p95/p99 and the ratio to
/healthz, with the load average.

    .venv/bin/python bench/public_pages.py                      # temporary SQLite file
    .venv/bin/python bench/public_pages.py --seconds 5 --connections 20
    .venv/bin/python bench/public_pages.py --postgres --json rows.json   # rows for bench/run.py
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, write_rows  # noqa: E402 - the path is set just above
from bench._http import Server, baselines, environment, load, request, rows  # noqa: E402


def public_urls(big):
    """Every kind of page the cache serves, in both languages."""
    english = big.get_translations().get()
    return {
        "event page (ar)": big.url,
        "event page (en)": english.url,
        "events index (ar)": "/ar/events/",
        "events index (en)": "/en/events/",
        "home (ar)": "/ar/",
        "home (en)": "/en/",
        "directory (ar)": "/ar/directory/",
        "organisations (en)": "/en/directory/organisations/",
        "agenda .ics (ar)": f"/ar/calendar/event/{big.pk}/agenda.ics",
        "upcoming .ics (en)": "/en/calendar/upcoming.ics",
    }


def through_gunicorn(urls, workers=4, seconds=3.0, connections=20):
    """Measures ``urls`` with the page cache on and off; prints one table per setting and
    returns bench/run.py's rows (each page cached and uncached, against /healthz and the static
    file measured by the same server just before)."""
    env = environment(os.environ["DATABASE_URL"], os.environ["VAR_DIR"])
    database = database_name()
    found = []
    print(f"gunicorn: {workers} workers; {seconds:g} s per address\n")
    for label, seconds_cached, clients in (("cached", 60, connections), ("uncached", 0, workers)):
        # Uncached, as many connections as workers: wrk gives up on an answer after 2 s.
        with Server({**env, "PAGE_CACHE_SECONDS": str(seconds_cached)}, workers=workers) as server:
            for url in urls.values():  # each page rendered (and stored) once before it is timed
                request(server.port, "GET", url)
            healthz, static = baselines(server, seconds, clients)
            results = {name: load(server, url, seconds, clients) for name, url in urls.items()}
            healthz_after = load(server, "/healthz", seconds, clients)
        for name, result in results.items():
            found += rows(f"{name}, {label}", database, result, healthz, static)[:2]  # throughput, p50
        base = (healthz.throughput + healthz_after.throughput) / 2
        print(
            f"{label} ({clients} connections): /healthz {base:,.0f} req/s (p50 {healthz.p50:.1f} ms); "
            f"load average {_load_average()}"
        )
        print(f"  {'page':<22} {'req/s':>8} {'× healthz':>10} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, result in results.items():
            print(
                f"  {name:<22} {result.throughput:>8,.0f} {result.throughput / base:>10.2f} "
                f"{result.p50:>8.1f} {result.p95:>8.1f} {result.p99:>8.1f} {result.errors:>7}"
            )
        print()
    return found


def _load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=60, help="events in the index (default 60)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.0, help="per address (default 3)")
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--quick", action="store_true", help="a small index, 2 workers, a second a page")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.events, args.workers, args.seconds = 5, 2, 1.0

    url = None
    if args.postgres:
        url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/multaqa_bench_public_pages")
    label = boot(url)
    from django.db import connections

    from bench.event_pages import build
    from tests.factories.network import OrganisationFactory, PersonFactory

    big = build(args.events)
    OrganisationFactory.create_batch(40)
    PersonFactory.create_batch(60)
    connections.close_all()
    print(f"Database: {label}; load average before: {_load_average()}")
    found = through_gunicorn(public_urls(big), args.workers, args.seconds, args.connections)
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
