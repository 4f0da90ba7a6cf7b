"""Instructions per request of the heaviest public pages, against /healthz's, counted by
valgrind (callgrind) rather than timed.

Timings on a shared virtual machine move by a fifth from one run to the next; the number of
instructions a request executes moves by less than a thousandth (the same program, data and
hash seed), so a change of a few per cent to a page's cost shows here where a timing cannot
tell it from the neighbours' load. The pages are those of bench/event_pages.py (an event with
40 sessions, 60 speakers with photos and 25 partners with logos; an index of events with
covers), rendered uncached by Django's test client: no network, DEBUG off, cached templates.

    .venv/bin/python bench/instructions.py                  # temporary SQLite file
    .venv/bin/python bench/instructions.py --postgres       # $BENCH_DATABASE_URL or multaqa_bench_instructions
    .venv/bin/python bench/instructions.py --quick --json rows.json

The data is built natively; the requests run in a second Python process under valgrind, which
counts only while the measured requests run (after three unmeasured ones per address). About
two seconds of valgrind per event page request; the counts are the instructions of the whole
process, Python's interpreter included, divided by the requests.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, drop_postgres, row, write_rows  # noqa: E402 - the path is set just above

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_bench_instructions"
BASELINE = "healthz (baseline)"
WARMUP = 3


def build(events):
    """The pages of bench/event_pages.py; returns the addresses to count."""
    from bench.event_pages import build as build_pages

    big = build_pages(events)
    return {
        BASELINE: "/healthz",
        "event page (ar)": big.url,
        "event page (en)": big.get_translations().get().url,
        "events index": "/ar/events/",
    }


def count(urls, requests):
    """Runs this script's ``--child`` under callgrind for ``urls``; returns the instructions
    per request of each."""
    folder = Path(tempfile.mkdtemp(prefix="multaqa-callgrind-"))
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={folder}/out",
        sys.executable,
        __file__,
        "--child",
        str(requests),
        *urls.values(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        raise SystemExit(f"valgrind ended with {done.returncode}:\n{done.stderr[-2000:]}")
    # One dump per address, in order (callgrind_control --dump numbers them .1, .2, ...).
    dumps = sorted(folder.glob("out.*"), key=lambda path: int(path.suffix[1:]))
    totals = [int(re.search(r"^totals: (\d+)", path.read_text(), re.M).group(1)) for path in dumps]
    shutil.rmtree(folder, ignore_errors=True)
    if len(totals) != len(urls):
        raise SystemExit(f"expected {len(urls)} counts from valgrind, found {len(totals)}")
    return {name: total / requests for name, total in zip(urls, totals, strict=True)}


def child(requests, paths):
    """In valgrind: each path requested WARMUP times uncounted, then ``requests`` times
    counted, then the counters dumped."""
    from bench._common import attach

    attach()
    from django.conf import settings
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    me = str(os.getpid())
    for path in paths:
        for _ in range(WARMUP):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        subprocess.run(["callgrind_control", "--instr=on", me], check=True, capture_output=True)
        for _ in range(requests):
            client.get(path)
        subprocess.run(["callgrind_control", "--instr=off", me], check=True, capture_output=True)
        subprocess.run(["callgrind_control", "--dump", me], check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200, help="events in the index (default 200)")
    parser.add_argument("--requests", type=int, default=10, help="counted requests per address (default 10)")
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--quick", action="store_true", help="an index of 10 events, 3 requests an address")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1:])
        return
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is not installed: scripts/system-deps.sh bench installs it (Debian's valgrind).")
    if args.quick:
        args.events, args.requests = 10, 3

    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    label = boot(url)
    try:
        urls = build(args.events)
        from django.db import connections

        connections.close_all()
        counted = count(urls, args.requests)
    finally:
        if args.postgres:
            drop_postgres(url)
    base = counted[BASELINE]
    print(f"Database: {label}; {args.requests} counted requests an address, after {WARMUP} uncounted")
    print(f"{'address':<24} {'instructions a request':>24} {'× ' + BASELINE:>22}")
    for name, value in counted.items():
        print(f"{name:<24} {value:>24,.0f} {value / base:>22.1f}")
    database = database_name()
    write_rows(
        args.json,
        [
            row(f"{name}, instructions", database, "instructions", round(value), "per request", "/healthz", base)
            for name, value in counted.items()
            if name != BASELINE
        ],
    )


if __name__ == "__main__":
    main()
