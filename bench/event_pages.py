"""How fast the event page and the events index answer, against /healthz in the same run.

Builds one event with 40 sessions, 60 speakers (with photos) and 25 partners (with logos),
and an index of about 200 events with cover images, venues and topics, then times each page
with Django's test client (no network, DEBUG off, cached templates).

    .venv/bin/python bench/event_pages.py                  # temporary SQLite file
    .venv/bin/python bench/event_pages.py --http           # and through gunicorn, cached and not
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/events_bench .venv/bin/python bench/event_pages.py
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, measure, report  # noqa: E402 - the path is set just above


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="events in the index (default 200)")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page (default 60)")
    parser.add_argument(
        "--http", action="store_true", help="also through gunicorn (4 workers), page cache on and off (public_pages.py)"
    )
    args = parser.parse_args()

    label = boot()
    from django.conf import settings

    started = time.perf_counter()
    big = build(args.events)
    print(f"Database: {label}; data built in {time.perf_counter() - started:.0f} s")
    print(f"Event page: 40 sessions, 60 speakers, 25 partners. Index: {args.events} events, 12 per section page.\n")
    urls = {
        "healthz (baseline)": "/healthz",
        "event page (ar)": big.url,
        "event page (en)": big.get_translations().get().url,
        "events index": "/ar/events/",
        "index, kind + city filter": "/ar/events/?kind=conference&city=Baghdad",
        "index, past archive page 5": "/ar/events/?archive=5",
        "index, search": "/ar/events/?q=%D9%81%D8%B9%D8%A7%D9%84%D9%8A%D8%A9",
        "index, month view": "/ar/events/?view=month",
        "agenda .ics (41 VEVENTs)": f"/ar/calendar/event/{big.pk}/agenda.ics",
        "upcoming feed .ics": "/ar/calendar/upcoming.ics",
    }
    # Django's test client: the page cache stays off, every request renders the page.
    settings.PAGE_CACHE_SECONDS = 0
    report(measure(urls, requests=args.requests), baseline="healthz (baseline)")
    if args.http:
        from django.db import connections

        from bench.public_pages import through_gunicorn

        connections.close_all()
        print()
        through_gunicorn({name: url for name, url in urls.items() if not name.startswith("healthz")})


if __name__ == "__main__":
    main()
