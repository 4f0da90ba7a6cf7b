"""Directory speed: list and search pages with 5,000 organisations and 20,000 people, timed
against a trivial view (/healthz) in the same run, and an import of 10,000 rows.

    .venv/bin/python bench/directory.py                      # SQLite in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/multaqa_bench .venv/bin/python bench/directory.py

The database named by DATABASE_URL is filled (once) with generated records; use a scratch
database. Requests go through Django's test client in this process, so the figures are the
application's own time (routing, queries, templates), without a network in between.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/multaqa-bench-directory.sqlite3")

import django  # noqa: E402 - the path and settings above come first

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

ORGANISATIONS, PEOPLE, IMPORT_ROWS, REPEAT = 5_000, 20_000, 10_000, 15
FIRST = ["أحمد", "محمد", "علي", "فاطمة", "زينب", "حسين", "مريم", "عمر", "إبراهيم", "نور", "سارة", "يوسف", "هدى",
         "مصطفى"]  # fmt: skip
LATIN_FIRST = ["Ahmed", "Mohammed", "Ali", "Fatima", "Zainab", "Hussein", "Maryam", "Omar", "Ibrahim", "Noor", "Sara",
               "Yousif", "Huda", "Mustafa"]  # fmt: skip
LAST = ["الجبوري", "الكرخي", "حسن", "طاهر", "السراي", "العبيدي", "الموسوي", "التميمي", "الربيعي", "الزبيدي"]
LATIN_LAST = ["Al-Jubouri", "Al-Karkhi", "Hassan", "Taher", "Al-Sarai", "Al-Obaidi", "Al-Mousawi", "Al-Tamimi",
              "Al-Rubaie", "Al-Zubaidi"]  # fmt: skip
KINDS = ["ngo", "government", "academic", "media", "private", "international", "religious", "youth", "network"]
GOVERNORATES = ["baghdad", "basra", "nineveh", "erbil", "najaf", "karbala", "maysan", "diyala", "anbar", "kirkuk"]


def fill():
    from fixtures import site
    from network.models import Affiliation, Network, NetworkMembership, Organisation, Person

    call_command("migrate", verbosity=0)
    if Person.objects.count() >= PEOPLE:
        return
    site.load(lambda message: None)
    random.seed(7)
    organisations = []
    for number in range(ORGANISATIONS):
        record = Organisation(
            name=f"Civic Organisation {number}",
            name_ar=f"منظمة {random.choice(LAST)} المدنية {number}",
            slug=f"bench-organisation-{number}",
            kind=random.choice(KINDS),
            country="IQ",
            governorate=random.choice(GOVERNORATES),
        )
        record.refresh_search_text()
        organisations.append(record)
    Organisation.objects.bulk_create(organisations, batch_size=1000)
    organisations = list(Organisation.objects.filter(slug__startswith="bench-"))
    people = []
    for number in range(PEOPLE):
        first = random.randrange(len(FIRST))
        last = random.randrange(len(LAST))
        record = Person(
            name=f"{LATIN_FIRST[first]} {LATIN_LAST[last]} {number}",
            name_ar=f"{FIRST[first]} {LAST[last]} {number}",
            slug=f"bench-person-{number}",
            email=f"person{number}@bench.example.org",
            country="IQ",
            governorate=random.choice(GOVERNORATES),
            public_profile=number % 5 != 0,
        )
        record.refresh_search_text()
        record.refresh_consent_date()
        people.append(record)
    Person.objects.bulk_create(people, batch_size=1000)
    people = list(Person.objects.filter(slug__startswith="bench-"))
    Affiliation.objects.bulk_create(
        [Affiliation(person=person, organisation=random.choice(organisations), is_primary=True) for person in people],
        batch_size=1000,
    )
    network = Network.objects.create(name="Bench Network", name_ar="شبكة القياس", slug="bench-network")
    NetworkMembership.objects.bulk_create(
        [NetworkMembership(network=network, person=person) for person in people[::4]], batch_size=1000
    )


def timed(client, url):
    client.get(url, HTTP_HOST="localhost")  # warm up
    durations = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(durations), max(durations)


def pages():
    client = Client()
    urls = [
        "/healthz",
        "/ar/",
        "/ar/directory/",
        "/ar/directory/organisations/",
        "/en/directory/organisations/?kind=ngo&governorate=basra",
        "/ar/directory/people/",
        "/ar/directory/people/?page=600",
        "/ar/directory/people/?q=احمد",
        "/ar/directory/people/?q=احمد الجبوري&governorate=baghdad&network=bench-network",
        "/ar/directory/?q=محمد",
        "/en/directory/organisations/?q=organisation 4321",
        "/ar/directory/people/bench-person-1/",
        "/ar/directory/organisations/bench-organisation-1/",
    ]
    base, _ = timed(client, urls[0])
    print(f"{'page':<80} {'median ms':>10} {'max ms':>8} {'× healthz':>10}")
    for url in urls:
        median, worst = timed(client, url)
        print(f"{url:<80} {median:>10.1f} {worst:>8.1f} {median / base:>10.1f}")


def import_rows():
    from network.imports import service
    from network.models import Person

    lines = ["name,name_ar,email,organisation,role,governorate,public_profile"]
    for number in range(IMPORT_ROWS):
        # Half update existing people (matched by email), half are new; organisations
        # are existing ones or a few hundred new ones.
        email = f"person{number * 2}@bench.example.org" if number % 2 else f"new{number}@import.example.org"
        organisation = f"Civic Organisation {number % 4000}" if number % 3 else f"Imported Group {number % 300}"
        lines.append(f"Imported {number},مستورد {number},{email},{organisation},Member,basra,yes")
    content = ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
    before = Person.objects.count()
    start = time.perf_counter()
    report = service.preview("people", "bench.csv", content)
    preview_seconds = time.perf_counter() - start
    start = time.perf_counter()
    service.apply("people", "bench.csv", content)
    apply_seconds = time.perf_counter() - start
    counts = report.counts
    print(
        f"import of {IMPORT_ROWS:,} rows ({counts['new']:,} new, {counts['updated']:,} updated): "
        f"preview {preview_seconds:.1f} s, confirmed import {apply_seconds:.1f} s "
        f"({IMPORT_ROWS / apply_seconds:,.0f} rows/s); people {before:,} → {Person.objects.count():,}"
    )
    assert counts["error"] == 0


if __name__ == "__main__":
    from django.db import connection

    print(f"database: {connection.vendor}, {ORGANISATIONS:,} organisations, {PEOPLE:,} people")
    fill()
    pages()
    import_rows()
