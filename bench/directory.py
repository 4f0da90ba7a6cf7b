"""Directory speed on the benchmark dataset (manage.py build_bench_data, scale 0.2 by default:
1,000 organisations and 10,000 people): list and search pages timed with Django's test client
against a trivial view (/healthz) in the same run, and an import of 10,000 rows.

    .venv/bin/python bench/directory.py                  # SQLite in a temp folder
    .venv/bin/python bench/directory.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_directory
    .venv/bin/python bench/directory.py --scale 1        # 5,000 organisations, 50,000 people

Requests go through Django's test client in this process, so the figures are the
application's own time (routing, queries, templates), without a network in between and
without the public page cache; the same searches through gunicorn, cached as visitors get
them, are in bench/browse.py.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, drop_postgres, row, write_rows  # noqa: E402 - the path above

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_bench_directory"


def timed(client, url, repeat):
    client.get(url, HTTP_HOST="localhost")  # warm up
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, HTTP_HOST="localhost")
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(durations), max(durations)


def pages(repeat, database):
    from django.test import Client

    from network.models import Organisation, Person
    from network.views import PER_PAGE

    public = Person.objects.filter(slug__startswith="bench-p-", public_profile=True)
    person, middle = public.order_by("pk").first(), max(1, public.count() // PER_PAGE // 2)
    organisation = Organisation.objects.filter(slug__startswith="bench-o-").order_by("pk").first()
    client = Client()
    urls = [
        "/ar/",
        "/ar/directory/",
        "/ar/directory/organisations/",
        "/en/directory/organisations/?kind=ngo&governorate=basra",
        "/ar/directory/people/",
        f"/ar/directory/people/?page={middle}",
        "/ar/directory/people/?q=احمد",
        "/ar/directory/people/?q=احمد الجبوري&governorate=baghdad",
        "/ar/directory/?q=محمد",
        "/en/directory/organisations/?q=tigris",
        f"/ar/directory/people/{person.slug}/",
        f"/ar/directory/organisations/{organisation.slug}/",
    ]
    base, _ = timed(client, "/healthz", repeat)
    found = []
    print(f"{'page':<70} {'median ms':>10} {'max ms':>8} {'× healthz':>10}")
    for url in urls:
        median, worst = timed(client, url, repeat)
        print(f"{url:<70} {median:>10.1f} {worst:>8.1f} {median / base:>10.1f}")
        found.append(row(f"directory (test client) {url}", database, "median", median, "ms", "/healthz", base))
    return found


def import_rows(count, database):
    from network.imports import service
    from network.models import Organisation, Person

    names = list(Organisation.objects.filter(slug__startswith="bench-o-").values_list("name", flat=True)[:300])
    lines = ["name,name_ar,email,organisation,role,governorate,public_profile"]
    for number in range(count):
        # Half update people of the dataset (matched by email), half are new; organisations
        # are the dataset's or a few hundred new ones.
        email = f"person{number * 2}@bench.example.org" if number % 2 else f"new{number}@import.example.org"
        organisation = names[number % len(names)] if number % 3 else f"Imported Group {number % 300}"
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
        f"import of {count:,} rows ({counts['new']:,} new, {counts['updated']:,} updated): "
        f"preview {preview_seconds:.1f} s, confirmed import {apply_seconds:.1f} s "
        f"({count / apply_seconds:,.0f} rows/s); people {before:,} → {Person.objects.count():,}"
    )
    assert counts["error"] == 0
    scenario = f"directory import of {count:,} people"
    return [
        row(scenario, database, "preview", preview_seconds, "s"),
        row(scenario, database, "confirmed import", apply_seconds, "s"),
        row(scenario, database, "rows a second", count / apply_seconds, "rows/s"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--scale", type=float, default=0.2, help="of the benchmark dataset (default %(default)s)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows imported (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="a tiny dataset, 200 rows imported, 3 requests a page")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.scale, args.rows, args.repeat = 0.004, 200, 3
    # The pages themselves, not the public page cache (core/pagecache.py) that serves them to
    # anonymous visitors after the first request: bench/browse.py measures them as served.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)  # boot() would take (and empty) that database
    label = boot(url)
    from fixtures import bench_data

    database = database_name(url)
    try:
        started = time.perf_counter()
        counts = bench_data.build(seed=1, scale=args.scale, log=lambda line: None)
        print(f"{label}: {counts['organisations']:,} organisations, {counts['people']:,} people, built in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        found = pages(args.repeat, database) + import_rows(args.rows, database)
    finally:
        if args.postgres:
            drop_postgres(url)
    write_rows(args.json, found)


if __name__ == "__main__":
    main()
