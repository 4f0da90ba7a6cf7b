"""Anonymous visitors through the real stack, on the large dataset (manage.py build_bench_data):
gunicorn with several workers, HTTP load from this separate process (wrk, or our own keep-alive
client), every page against /healthz and a small static file measured in the same run.

    .venv/bin/python bench/browse.py                  # SQLite file in a temp folder, scale 0.2
    .venv/bin/python bench/browse.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_browse
    .venv/bin/python bench/browse.py --scale 1        # the whole dataset (500 events, 50,000 people)

Pages: the home page, the events index, an event page in each language, the directory's people
and organisations searched by name, and the calendar feed of upcoming events. Figures for each:
throughput, p50/p95/p99 latency, errors, the workers' peak memory.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import database_name, drop_scratch_database, scratch_database, write_rows  # noqa: E402
from bench._http import ROOT, Server, baselines, django_child, environment, load, rows  # noqa: E402

URLS = """
from events.models import EventPage
from django.utils import timezone
page = EventPage.objects.live().filter(locale__language_code="ar", slug__startswith="bench-e-",
                                       start__gte=timezone.now()).order_by("start").first()
print(json.dumps({"ar": page.url, "en": page.get_translation(
    page.get_translations().get().locale).url, "events": EventPage.objects.live().filter(
    locale__language_code="ar", end__gte=timezone.now()).count()}))
"""


def build(env, scale, seed):
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "build_bench_data", "--seed", str(seed), "--scale", str(scale)], env=env, cwd=ROOT, check=True
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--scale", type=float, default=0.2, help="of the dataset (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=6, help="of load on each page (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="a tiny dataset, 2 workers, a second a page")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.workers, args.seconds, args.connections = 0.004, 2, 1, 4

    folder = Path(tempfile.mkdtemp(prefix="multaqa-browse-bench-"))
    url = scratch_database(args.postgres, folder, "multaqa_bench_browse")
    database = database_name(url)
    env = environment(url, folder)
    found = []
    try:
        started = time.perf_counter()
        build(env, args.scale, args.seed)
        print(f"dataset (scale {args.scale:g}) built in {time.perf_counter() - started:.0f} s", flush=True)
        pages = django_child(env, URLS)
        search = quote("أحمد")
        paths = {
            "home page": "/ar/",
            "events index": "/ar/events/",
            "event page (ar)": pages["ar"],
            "event page (en)": pages["en"],
            "directory: people named أحمد": f"/ar/directory/people/?q={search}",
            "directory: organisations, search": "/en/directory/organisations/?q=tigris",
            f"calendar feed ({pages['events']} events)": "/ar/calendar/upcoming.ics",
        }
        with Server(env, workers=args.workers) as server:
            healthz, static = baselines(server, args.seconds / 2, args.connections)
            print(f"/healthz {healthz.throughput:,.0f} req/s, static file {static.throughput:,.0f} req/s", flush=True)
            for name, path in paths.items():
                result = load(server, path, args.seconds, args.connections)
                print(f"{name}: {result.throughput:,.1f} req/s, p95 {result.p95:.0f} ms, {result.errors} errors",
                      flush=True)  # fmt: skip
                found += rows(name, database, result, healthz, static)
    finally:
        drop_scratch_database(url)
        shutil.rmtree(folder, ignore_errors=True)
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
