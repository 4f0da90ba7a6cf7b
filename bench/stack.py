"""The stack alone: gunicorn with several workers answering /healthz (the trivial view: Django's
middleware and routing, no database) against a small static file whitenoise serves (the
ceiling), both through HTTP from this separate process. Every HTTP scenario compares with these
two; this one says what they are on this machine now, and proves the plumbing (no database is
needed, nothing is built).

    .venv/bin/python bench/stack.py
    .venv/bin/python bench/stack.py --quick --json rows.json
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import database_name, write_rows  # noqa: E402 - the path above comes first
from bench._http import STATIC_FILE, Server, environment, load, rows  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="name PostgreSQL in the rows (nothing is read)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default %(default)s)")
    parser.add_argument("--connections", type=int, default=8, help="keep-alive connections (default %(default)s)")
    parser.add_argument("--seconds", type=float, default=5, help="of load on each (default %(default)s)")
    parser.add_argument("--quick", action="store_true", help="2 workers, a second each")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.workers, args.seconds, args.connections = 2, 1, 4
    folder = Path(tempfile.mkdtemp(prefix="multaqa-stack-bench-"))
    url = "postgres://unused/unused" if args.postgres else f"sqlite:///{folder}/unused.sqlite3"
    try:
        with Server(environment(url, folder), workers=args.workers) as server:
            static = load(server, STATIC_FILE, args.seconds, args.connections)
            healthz = load(server, "/healthz", args.seconds, args.connections)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"/healthz: {healthz.throughput:,.0f} req/s, p50 {healthz.p50:.1f} ms, p99 {healthz.p99:.1f} ms")
    print(f"static file: {static.throughput:,.0f} req/s, p50 {static.p50:.1f} ms ({static.tool})")
    write_rows(args.json, rows(f"/healthz, {args.workers} workers", database_name(url), healthz, None, static))


if __name__ == "__main__":
    main()
