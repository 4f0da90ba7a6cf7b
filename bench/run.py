"""Runs every benchmark scenario in bench/ and prints one table: scenario, database, figure, the
baseline measured in the same run, the ratio, and the machine's load average while it ran.

    .venv/bin/python bench/run.py                         # SQLite (make bench)
    .venv/bin/python bench/run.py --databases sqlite,postgres
    .venv/bin/python bench/run.py --quick                 # every scenario at a smoke-test size
    .venv/bin/python bench/run.py --only browse,checkin   # some scenarios

Each scenario is a script run in its own process with ``--json PATH`` (and ``--postgres``,
``--quick`` when asked); it writes a list of rows there (bench/README.md). A script that does
not take ``--json`` yet is listed with a note instead of figures. The rows of the whole run are
also kept, with each script's output, in var/bench/<time>/.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from bench._common import _fresh_postgres  # noqa: E402 - the path above comes first

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# name, script, arguments of the full run, arguments of --quick (added to --quick itself).
SCENARIOS = [
    ("stack", "stack.py", [], []),
    ("browse", "browse.py", [], []),
    ("registration rush", "rush.py", [], []),
    ("check-in rush", "checkin.py", [], []),
    ("exports", "export.py", ["--sizes", "10000,100000", "--repeat", "1", "--no-trace", "--xlsx-max", "10000"], []),
    ("badges", "printing.py", ["--repeat", "1"], []),
    ("certificates", "certificates.py", ["--people", "40", "--floor", "10"], []),
    ("backup", "backup.py", ["--size", "20000", "--pictures", "20"], []),
    ("directory", "directory.py", [], []),
    ("registration", "registration.py", ["--existing", "0,20000,100000"], ["--existing", "0,2000"]),
    ("public pages", "public_pages.py", [], []),
    ("public API events", "api_events.py", [], []),
    ("event pages", "event_pages.py", ["--requests", "30"], []),
    ("instructions", "instructions.py", [], []),
]


class LoadWatch:
    """The 1-minute load average, sampled every two seconds while a scenario runs."""

    def __init__(self):
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        while not self._stop.wait(2):
            self.samples.append(os.getloadavg()[0])

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])
        return f"{min(self.samples):.1f}–{max(self.samples):.1f}"


def takes_json(script):
    if not script.exists():
        return False
    done = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, cwd=ROOT)
    return "--json" in done.stdout


def template(database, folder):
    """Migrates one database for the whole run; each scenario's own database starts as a copy
    of it (bench/_common.py). Returns the environment that names it."""
    env = {**os.environ, "VAR_DIR": str(folder / "template-var"), "DJANGO_SETTINGS_MODULE": "settings"}
    env.pop("BENCH_POSTGRES_TEMPLATE", None)
    if database == "postgres":
        url, named = f"{POSTGRES}/multaqa_bench_template", {"BENCH_POSTGRES_TEMPLATE": "multaqa_bench_template"}
        _fresh_postgres(url)
    else:
        path = folder / "template.sqlite3"
        url, named = f"sqlite:///{path}", {"BENCH_SQLITE_TEMPLATE": str(path)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env={**env, "DATABASE_URL": url}, cwd=ROOT,
        check=True,
    )  # fmt: skip
    print(f"  {database} migrated once for every scenario in {time.perf_counter() - started:.0f} s", flush=True)
    return named


def run_one(name, script, arguments, database, folder, quick, extra_env=None):
    """Runs one scenario on one database; returns its rows (a note row when it failed)."""
    path = BENCH / script
    tag = f"{path.stem}-{database}"
    if not takes_json(path):
        missing = "missing" if not path.exists() else "takes no --json yet"
        return [{"scenario": name, "database": database, "figure": f"(bench/{script} {missing})", "value": None}]
    result, log = folder / f"{tag}.json", folder / f"{tag}.log"
    command = [sys.executable, str(path), "--json", str(result), *arguments]
    if quick:
        command.append("--quick")
    env = {**os.environ}
    if database == "postgres":
        command.append("--postgres")
        env["BENCH_DATABASE_URL"] = (
            f"{os.environ.get('BENCH_POSTGRES', 'postgres://postgres@127.0.0.1:5432')}/multaqa_bench_{path.stem}"
        )
    else:
        env.pop("DATABASE_URL", None)
    print(f"  {name} on {database}…", end=" ", flush=True)
    watch, started = LoadWatch(), time.perf_counter()
    with open(log, "w") as output:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    load, seconds = watch.stop(), time.perf_counter() - started
    print(f"{seconds:.0f} s, load {load}", flush=True)
    if done.returncode != 0 or not result.exists():
        tail = log.read_text().strip().splitlines()[-3:]
        print("    failed: " + " / ".join(tail), flush=True)
        return [{"scenario": name, "database": database, "figure": f"(failed: see {log})", "value": None, "load": load}]
    rows = json.loads(result.read_text())
    for row in rows:
        row.setdefault("load", load)
        row.setdefault("seconds", seconds)
    return rows


def number(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if float(value).is_integer() or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3g}"


def table(rows):
    """The one table, as lines of text."""
    header = ("scenario", "db", "figure", "value", "unit", "baseline (same run)", "ratio", "static", "× static", "load")
    lines = []
    for row in rows:
        baseline = f"{row['baseline']} {number(row.get('baseline_value'))}" if row.get("baseline") else ""
        lines.append(
            (
                row["scenario"],
                row["database"],
                row["figure"],
                number(row.get("value")),
                row.get("unit", ""),
                baseline,
                f"{row['ratio']:.3g}×" if row.get("ratio") is not None else "",
                number(row.get("ceiling_value")) if row.get("ceiling") else "",
                f"{row['ceiling_ratio']:.3g}×" if row.get("ceiling_ratio") is not None else "",
                row.get("load", ""),
            )
        )
    widths = [max(len(str(line[n])) for line in [header, *lines]) for n in range(len(header))]
    right = {3, 6, 7, 8}

    def render(line):
        return "  ".join(
            f"{str(cell):>{width}}" if n in right else f"{str(cell):<{width}}"
            for n, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()

    return [render(header), render(["-" * width for width in widths]), *map(render, lines)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--databases",
        default=os.environ.get("BENCH_DATABASES", "sqlite"),
        help="comma-separated: sqlite, postgres (default %(default)s; $BENCH_DATABASES)",
    )
    parser.add_argument("--quick", action="store_true", help="every scenario at a smoke-test size")
    parser.add_argument("--only", help="comma-separated scenario names or script names (browse, checkin.py…)")
    parser.add_argument("--out", help="folder for the rows and the scripts' output (default var/bench/<time>)")
    args = parser.parse_args()

    chosen = SCENARIOS
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        chosen = [s for s in SCENARIOS if s[0] in wanted or s[1] in wanted or s[1].removesuffix(".py") in wanted]
    folder = Path(args.out or ROOT / "var" / "bench" / time.strftime("%Y%m%d-%H%M%S"))
    folder.mkdir(parents=True, exist_ok=True)
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    cores = os.cpu_count()
    print(f"Benchmarks on {', '.join(databases)}{' (quick)' if args.quick else ''}; {cores} cores, "
          f"load {os.getloadavg()[0]:.1f} at the start; output in {folder}", flush=True)  # fmt: skip
    started, rows = time.perf_counter(), []
    for database in databases:
        named = template(database, folder) if any(script != "stack.py" for _n, script, _f, _q in chosen) else {}
        for name, script, full, quick in chosen:
            rows += run_one(name, script, quick if args.quick else full, database, folder, args.quick, named)
    (folder / "rows.json").write_text(json.dumps(rows, indent=1))
    print()
    print("\n".join(table(rows)))
    print(
        f"\n{len(rows)} rows in {(time.perf_counter() - started) / 60:.1f} min; load average (1 min) at the end "
        f"{os.getloadavg()[0]:.1f} on {cores} cores. Ratios: the figure ÷ its baseline; × static: throughput ÷ "
        "a small static file's (whitenoise), both measured in the same run."
    )
    failed = [row for row in rows if str(row["figure"]).startswith("(failed")]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
