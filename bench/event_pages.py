"""How fast the event page and the events index answer, against /healthz in the same run.

Builds one event with 40 sessions, 60 speakers (with photos) and 25 partners (with logos),
and an index of about 200 events with cover images, venues and topics, then times each page
with Django's test client (no network, DEBUG off, cached templates).

    .venv/bin/python bench/event_pages.py                  # temporary SQLite file
    .venv/bin/python bench/event_pages.py --http           # and through gunicorn, cached and not
    .venv/bin/python bench/event_pages.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_event_pages
    .venv/bin/python bench/event_pages.py --quick --json rows.json   # rows for bench/run.py, small

bench/run.py's rows: each page's median milliseconds against /healthz's, timed the same way in
the same run (and with ``--http`` the rows of bench/public_pages.py).
"""

import argparse
import datetime as dt
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402 - the path is set just above
    boot,
    database_name,
    drop_postgres,
    measure,
    measured_rows,
    report,
    write_rows,
)

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_bench_event_pages"
BASELINE = "healthz (baseline)"


def build(events):
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import EventIndexPage, EventPage
    from fixtures import site
    from tests.factories.events import VenueFactory, big_event, image, translate

    site.load(lambda message: None)
    index = EventIndexPage.objects.get(locale__language_code="ar")
    big = big_event(index, sessions=40, speakers=60, partners=25, title="Big conference", slug="big-conference")
    translate(big, title="Big conference", slug="big-conference")

    venues = [
        VenueFactory(city=city, city_ar=city_ar, country=country)
        for city, city_ar, country in [
            ("Baghdad", "بغداد", "IQ"),
            ("Basra", "البصرة", "IQ"),
            ("Erbil", "أربيل", "IQ"),
            ("Amman", "عمّان", "JO"),
        ]
    ]
    kinds = ["conference", "workshop", "programme", "forum", "webinar", "meeting"]
    now = timezone.now()
    for number in range(events - 1):
        start = now + dt.timedelta(days=7 * (number - events // 2), hours=number % 5)
        online = number % 4 == 0
        page = EventPage(
            title=f"فعالية رقم {number}",
            slug=f"event-{number}",
            kind=kinds[number % len(kinds)],
            event_format="online" if online else "in_person",
            online_link="https://meet.example.org/bench" if online else "",
            venue=None if online else venues[number % len(venues)],
            start=start,
            end=start + dt.timedelta(hours=6),
            summary="ورشة عمل عن الإعلام المجتمعي وبناء السلام " * 3,
            image=image(f"cover-{number}"),
        )
        page.tags.set([f"موضوع {number % 8}"])
        index.add_child(instance=page)
    call_command("update_index", verbosity=0)
    return big


def signed_in_client():
    """Django's test client signed in as a participant with no registration."""
    from django.test import Client

    from tests.factories.accounts import UserFactory

    client = Client()
    client.force_login(UserFactory())
    return client


def archive_page(wanted=5):
    """Page ``wanted`` of the past events' archive, or its last page when it has fewer."""
    from django.utils import timezone

    from events.listing import PER_PAGE
    from events.models import EventPage

    past = EventPage.objects.live().filter(locale__language_code="ar", end__lt=timezone.now()).count()
    return min(wanted, max(1, math.ceil(past / PER_PAGE)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="events in the index (default 200)")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page (default 60)")
    parser.add_argument(
        "--http", action="store_true", help="also through gunicorn (4 workers), page cache on and off (public_pages.py)"
    )
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--quick", action="store_true", help="an index of 10 events, 10 requests a page")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.events, args.requests = 10, 10

    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    label = boot(url)
    try:
        found = measure_pages(args, label)
    finally:
        if args.postgres:
            drop_postgres(url)
    write_rows(args.json, found)


def measure_pages(args, label):
    """Builds the pages, times each with the test client and prints the table; returns the
    rows for bench/run.py."""
    from django.conf import settings

    started = time.perf_counter()
    big = build(args.events)
    print(f"Database: {label}; data built in {time.perf_counter() - started:.0f} s")
    print(f"Event page: 40 sessions, 60 speakers, 25 partners. Index: {args.events} events, 12 per section page.\n")
    archive = archive_page()
    urls = {
        BASELINE: "/healthz",
        "event page (ar)": big.url,
        "event page (en)": big.get_translations().get().url,
        "events index": "/ar/events/",
        "index, kind + city filter": "/ar/events/?kind=conference&city=Baghdad",
        f"index, past archive page {archive}": f"/ar/events/?archive={archive}",
        "index, search": "/ar/events/?q=%D9%81%D8%B9%D8%A7%D9%84%D9%8A%D8%A9",
        "index, month view": "/ar/events/?view=month",
        "agenda .ics (41 VEVENTs)": f"/ar/calendar/event/{big.pk}/agenda.ics",
        "upcoming feed .ics": "/ar/calendar/upcoming.ics",
    }
    # Django's test client: the page cache stays off, every request renders the page, and
    # nothing is kept between requests (the menu and the agenda are built each time).
    settings.PAGE_CACHE_SECONDS = 0
    results = measure(urls, requests=args.requests)
    report(results, baseline=BASELINE)
    found = measured_rows(results, BASELINE, database_name(), "in-process uncached")
    # A signed-in visitor: never served from the page cache, but the menu and the agenda,
    # speakers and partners are kept until the next change (core.pagecache.remembered).
    print("\nSigned in (no page cache; the menu and the agenda kept until a change):")
    settings.PAGE_CACHE_SECONDS = 60
    kept = {name: urls[name] for name in (BASELINE, "event page (ar)", "event page (en)")}
    results = measure(kept, requests=args.requests, client=signed_in_client())
    report(results, baseline=BASELINE)
    found += measured_rows(results, BASELINE, database_name(), "in-process signed in, agenda kept")
    if args.http:
        from django.db import connections

        from bench.public_pages import through_gunicorn

        connections.close_all()
        print()
        found += through_gunicorn({name: path for name, path in urls.items() if name != BASELINE})
    return found


if __name__ == "__main__":
    main()
