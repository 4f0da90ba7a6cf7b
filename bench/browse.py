"""Anonymous visitors through the real stack, on the large dataset (manage.py build_bench_data):
gunicorn with several workers, HTTP load from this separate process (wrk, or our own keep-alive
client), every page against /healthz and a small static file measured in the same run.

    .venv/bin/python bench/browse.py                  # SQLite file in a temp folder, scale 0.2
    .venv/bin/python bench/browse.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_browse
    .venv/bin/python bench/browse.py --scale 1        # the whole dataset (500 events, 50,000 people)

Pages: the home page, the events index, an event page in each language, the directory's people
and organisations searched by name, and the calendar feed of upcoming events. Figures for each:
throughput, p50/p95/p99 latency, errors, the workers' peak memory.

Calendar feeds with many events: the dataset gets ``--feed-events`` (1,000) upcoming Arabic
events more, all confirmed for one participant (build_bench_data --feed-events). The Arabic
upcoming feed then holds over 1,000 events but serves at most ``events.views.FEED_LIMIT`` (500)
of them, as every public feed (by kind, by organisation) does; the participant's personal feed
has no such cap and serves all 1,000. Both are measured a second time on a server with the page
cache off (the personal feed is never cached), each against /healthz and the static file of
that server; the number of VEVENTs each answer holds is in the rows' names.
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
from bench._http import ROOT, Server, baselines, django_child, environment, load, request, rows  # noqa: E402

UPCOMING = "/ar/calendar/upcoming.ics"

URLS = """
from django.urls import reverse
from django.utils import timezone, translation
from events.models import EventPage
from events.registrations.services.calendar import feed_for
from events.views import FEED_LIMIT
from fixtures.bench_data import FEED_PERSON
from network.models import Person
# The first upcoming event in both languages (the latest when none is: a tiny dataset late in the day).
translated = EventPage.objects.live().filter(locale__language_code="ar", slug__startswith="bench-e-").exclude(
    slug__startswith="bench-e-feed-")
page = (translated.filter(start__gte=timezone.now()).order_by("start").first()
        or translated.order_by("-start").first())
person = Person.objects.filter(slug=FEED_PERSON).first()
with translation.override("ar"):
    personal = reverse("registrations:calendar_feed", args=[feed_for(person).token]) if person else None
print(json.dumps({"ar": page.url, "en": page.get_translation(
    page.get_translations().get().locale).url, "events": EventPage.objects.live().filter(
    locale__language_code="ar", end__gte=timezone.now()).count(), "feed_limit": FEED_LIMIT,
    "personal_feed": personal}))
"""


def build(env, scale, seed, feed_events):
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [*manage, "build_bench_data", "--seed", str(seed), "--scale", str(scale), "--feed-events", str(feed_events)],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip


def vevents(server, path):
    """How many events the answer at ``path`` holds."""
    status, body, _seconds = request(server.port, "GET", path)
    assert status == 200, (path, status)
    return body.count(b"BEGIN:VEVENT")


def measure(server, name, path, seconds, connections, healthz, static):
    result = load(server, path, seconds, connections)
    print(f"{name}: {result.throughput:,.1f} req/s, p95 {result.p95:.0f} ms, {result.errors} errors, "
          f"peak {result.peak_mb:.0f} MB", flush=True)  # fmt: skip
    return rows(name, database_name(server.env["DATABASE_URL"]), result, healthz, static)


def feeds(env, pages, workers, seconds):
    """The two feeds of many events on a server with the page cache off: every request builds
    its answer. As many connections as workers, so each answer's time is its own, and twice
    the other pages' time of load, as an answer of a thousand events takes seconds."""
    found = []
    with Server({**env, "PAGE_CACHE_SECONDS": "0"}, workers=workers) as server:
        healthz, static = baselines(server, seconds / 2, workers)
        upcoming = vevents(server, UPCOMING)
        held = f"{pages['events']:,} upcoming Arabic events, {upcoming:,} in the answer"
        print(f"page cache off: /healthz {healthz.throughput:,.0f} req/s; upcoming feed: {held} "
              f"(FEED_LIMIT {pages['feed_limit']:,})", flush=True)  # fmt: skip
        addresses = {f"calendar feed: upcoming, {upcoming:,} VEVENTs, uncached": UPCOMING}
        personal = pages["personal_feed"]
        if personal:
            addresses[f"calendar feed: my events, {vevents(server, personal):,} VEVENTs"] = personal
        for name, path in addresses.items():
            found += measure(server, name, path, 2 * seconds, workers, healthz, static)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--scale", type=float, default=0.2, help="of the dataset (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=6, help="of load on each page (default %(default)s)")
    parser.add_argument(
        "--feed-events",
        type=int,
        default=1000,
        help="upcoming events in the feeds' participant's calendar (default %(default)s)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a tiny dataset, 20 feed events, 2 workers, a second a page"
    )
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.workers, args.seconds, args.connections, args.feed_events = 0.004, 2, 1, 4, 20

    folder = Path(tempfile.mkdtemp(prefix="multaqa-browse-bench-"))
    url = scratch_database(args.postgres, folder, "multaqa_bench_browse")
    env = environment(url, folder)
    found = []
    try:
        started = time.perf_counter()
        build(env, args.scale, args.seed, args.feed_events)
        print(f"dataset (scale {args.scale:g}, {args.feed_events:,} feed events) built in "
              f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
        pages = django_child(env, URLS)
        search = quote("أحمد")
        paths = {
            "home page": "/ar/",
            "events index": "/ar/events/",
            "event page (ar)": pages["ar"],
            "event page (en)": pages["en"],
            "directory: people named أحمد": f"/ar/directory/people/?q={search}",
            "directory: organisations, search": "/en/directory/organisations/?q=tigris",
        }
        with Server(env, workers=args.workers) as server:
            healthz, static = baselines(server, args.seconds / 2, args.connections)
            print(f"/healthz {healthz.throughput:,.0f} req/s, static file {static.throughput:,.0f} req/s", flush=True)
            paths[f"calendar feed: upcoming, {vevents(server, UPCOMING):,} VEVENTs"] = UPCOMING
            for name, path in paths.items():
                found += measure(server, name, path, args.seconds, args.connections, healthz, static)
        found += feeds(env, pages, args.workers, args.seconds)
    finally:
        drop_scratch_database(url)
        shutil.rmtree(folder, ignore_errors=True)
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
