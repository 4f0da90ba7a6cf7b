"""make bench's runner, through the real stack at its smallest: bench/run.py runs one scenario
(gunicorn answering /healthz and a static file) and prints one table whose rows hold numbers.
No timing is asserted: this proves the plumbing."""

import json
import subprocess
import sys
from pathlib import Path

from bench.run import BENCH, SCENARIOS, takes_json

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_runner_prints_one_table_of_measured_rows(tmp_path):
    done = subprocess.run(  # noqa: S603 - our own interpreter and runner
        [sys.executable, "bench/run.py", "--quick", "--only", "stack", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = json.loads((tmp_path / "rows.json").read_text())
    figures = {row["figure"]: row for row in rows}
    assert {"throughput", "latency p50", "latency p95", "latency p99", "errors", "worker peak memory"} <= set(figures)
    assert figures["throughput"]["value"] > 0 and figures["throughput"]["ceiling_value"] > 0
    assert figures["throughput"]["ceiling_ratio"] > 0
    assert figures["errors"]["value"] == 0
    assert figures["worker peak memory"]["value"] > 10  # MB: a Django worker is far bigger
    assert all(row["database"] == "sqlite" and row["load"] for row in rows)

    table = done.stdout[done.stdout.index("scenario") :].splitlines()
    assert table[0].split()[:3] == ["scenario", "db", "figure"]
    throughput = next(line for line in table if " throughput " in line)
    assert "/healthz" in throughput and "req/s" in throughput and "×" in throughput


def test_every_scenario_gives_rows_to_the_table():
    """Each script bench/run.py lists takes --json (a script without it would be a note)."""
    assert [script for _name, script, _full, _quick in SCENARIOS if not takes_json(BENCH / script)] == []
