"""Backups: the attendee-list dataset of bench/export.py (one event, 100,000 registrations with
their people, organisations, answers, attendance and certificates) and a library of pictures,
backed up into one archive and restored from it, against plain copies measured in the same run.

    .venv/bin/python bench/backup.py                     # SQLite in a temp folder
    .venv/bin/python bench/backup.py --postgres          # PostgreSQL ($BENCH_DATABASE_URL or
                                                         #   postgres://postgres@127.0.0.1:5432/multaqa_backup_bench)
    .venv/bin/python bench/backup.py --size 10000 --compression 6   # a smaller list, another gzip level

What is measured, in this process, one after the other:

- backup: ``home.backups.create`` — the database's dump (SQLite's backup API, or pg_dump's
  custom format), the pictures, each file's SHA-256 and the rows per model, in one gzip'd tar;
- restore: ``home.backups.unpacked`` and ``restore`` — the archive unpacked and every file
  checked, then the database replaced in one transaction (SQLite's backup API, or pg_restore's
  script through psql after the schema's tables are dropped), the rows counted again and the
  media folder replaced;
- the baselines: the database alone copied the plainest way (SQLite: ``shutil.copyfile`` of the
  file; PostgreSQL: ``pg_dump --format=custom`` to /dev/null), the same plus a copy of the
  media folder, on SQLite the file and the media through ``tar`` and ``gzip`` at the archive's
  level (what the archive's format alone costs), and, for the restore, the database's copy put
  back (SQLite: the file copied over; PostgreSQL: ``pg_restore`` into an empty database).

The ratio is each measurement ÷ the database-alone baseline.

Measured on the two shared cores of a development machine, Python 3.11, SQLite 3.40, PostgreSQL
15, 100,000 registrations (678,700 rows in all) and 100 photos of about 360 KB, gzip level 1:

                             SQLite            PostgreSQL (two runs)
      database alone         0.18 s (copy)     1.92–2.02 s (pg_dump -Fc)
      tar + gzip -1 of both  5.54 s
      backup                 4.71 s  (26.6×)   3.22–4.24 s  (1.6–2.2×)
      restore                3.02 s  (17.1×)   8.34–14.02 s (4.1–7.3×)
      database put back      0.12 s (copy)     10.27–10.90 s (pg_restore into an empty database)
      archive                72.7 MB           43.7 MB
      dump in it             184.4 MB          8.3 MB

SQLite's backup costs what compressing its file costs (tar and gzip alone take longer); its
restore is the archive's unpacking and checking, then a copy. PostgreSQL's backup is pg_dump
and the photos; its restore costs about what pg_restore into an empty database costs. The
second PostgreSQL run shared the machine with other work.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import boot, database_name, drop_postgres, row, write_rows  # noqa: E402 - the path above
from bench.export import build_event, grow  # noqa: E402 - the attendee-list dataset, built the same way

POSTGRES_DEFAULT = "postgres://postgres@127.0.0.1:5432/multaqa_backup_bench"
SIZE = 100_000
PICTURES = 100
PICTURE_SIZE = (800, 600)  # noise, so a JPEG of about 360 KB that compresses no further
MB = 1_000_000


def add_pictures(count, rng):
    """``count`` pictures in the image library: JPEGs of noise (as incompressible as photos)."""
    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    width, height = PICTURE_SIZE
    for number in range(count):
        buffer = BytesIO()
        Image.frombytes("RGB", PICTURE_SIZE, rng.randbytes(width * height * 3)).save(buffer, "JPEG", quality=85)
        get_image_model().objects.create(title=f"Photo {number}", file=ImageFile(buffer, name=f"photo-{number}.jpg"))


def timed(work, repeat):
    """Median seconds of ``repeat`` runs of ``work()``, and what the last run returned."""
    seconds, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def folder_bytes(folder):
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


# --- the baselines -----------------------------------------------------------------------------


def _libpq(url):
    parsed = urlparse(url)
    return parsed, {**os.environ, "PGHOST": parsed.hostname or "", "PGPORT": str(parsed.port or 5432),
                    "PGUSER": parsed.username or ""}  # fmt: skip


def copy_database(url, scratch):
    """The database alone, copied the plainest way: ``(seconds-taking callable, what it writes)``."""
    if url is None:
        from django.db import connection

        source = connection.settings_dict["NAME"]
        return lambda: shutil.copyfile(source, scratch / "copy.sqlite3")
    parsed, environment = _libpq(url)
    name = parsed.path.lstrip("/")
    command = ["pg_dump", "--format=custom", name]  # to standard output: pg_dump cannot fsync /dev/null
    return lambda: subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)


def put_database_back(url, scratch):
    """The database's plain copy put back: SQLite's file copied over a scratch file; PostgreSQL's
    custom dump restored by pg_restore into an empty database, made afresh for each run."""
    if url is None:
        from django.db import connection

        source = connection.settings_dict["NAME"]
        return lambda: shutil.copyfile(source, scratch / "back.sqlite3")
    parsed, environment = _libpq(url)
    name = parsed.path.lstrip("/")
    dump = scratch / "plain.pgdump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", name], env=environment, check=True)
    empty = f"{name}_scratch"

    def restore():
        subprocess.run(["dropdb", "--if-exists", empty], env=environment, check=True)
        subprocess.run(["createdb", empty], env=environment, check=True)
        subprocess.run(
            ["pg_restore", "--no-owner", "--no-acl", "--single-transaction", f"--dbname={empty}", str(dump)],
            env=environment,
            check=True,
        )

    return restore


# --- the run -----------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=SIZE, help="registrations (default %(default)s)")
    parser.add_argument("--pictures", type=int, default=PICTURES, help="pictures in the library (default %(default)s)")
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL instead of a SQLite file")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each measurement (default 1)")
    parser.add_argument("--compression", type=int, help="gzip level of the archive (default: the module's)")
    parser.add_argument("--quick", action="store_true", help="1,000 registrations and 5 pictures")
    parser.add_argument("--json", help="write the rows for bench/run.py here")
    args = parser.parse_args()
    if args.quick:
        args.size, args.pictures = 1000, 5

    url = os.environ.get("BENCH_DATABASE_URL", POSTGRES_DEFAULT) if args.postgres else None
    if not args.postgres:
        os.environ.pop("DATABASE_URL", None)  # boot() would take (and empty) that database
    label = boot(url)
    from django.conf import settings

    from home import backups
    from home.backups import archive

    if args.compression is not None:
        archive.COMPRESSION = args.compression
    scratch = Path(tempfile.mkdtemp(prefix="multaqa-backup-bench-"))
    os.environ["BACKUP_DIR"] = str(scratch / "backups")
    rng = random.Random(12)
    try:
        started = time.perf_counter()
        event = build_event()
        grow(event, 0, args.size, rng)
        add_pictures(args.pictures, rng)
        rows = backups.row_counts()
        print(
            f"{args.size:,} registrations, {sum(rows.values()):,} rows and {args.pictures} pictures built "
            f"in {time.perf_counter() - started:.0f} s on {label}",
            flush=True,
        )
        figures = measure(args, url, scratch, settings.MEDIA_ROOT, backups, archive.COMPRESSION)
    finally:
        if args.postgres:
            drop_postgres(url)
            parsed, environment = _libpq(url)
            subprocess.run(["dropdb", "--if-exists", f"{parsed.path.lstrip('/')}_scratch"], env=environment, check=True)
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(os.environ["VAR_DIR"], ignore_errors=True)  # boot()'s folder: the database and the photos
    report(figures, label, args, archive.COMPRESSION)
    base, database = figures["database copy"][0], database_name(url)
    scenario = f"backup of {args.size:,} registrations, {args.pictures} pictures"
    write_rows(
        args.json,
        [
            row(scenario, database, "backup", figures["backup"][0], "s", "database copy", base),
            row(scenario, database, "restore", figures["restore"][0], "s", "database copy", base),
            row(scenario, database, "archive", figures["backup"][1] / MB, "MB"),
        ],
    )


def measure(args, url, scratch, media, backups, compression):
    from django.db import connection

    figures = {}
    copy = copy_database(url, scratch)
    figures["database copy"] = timed(copy, args.repeat)[0], None

    def copy_with_media():
        copy()
        shutil.rmtree(scratch / "media", ignore_errors=True)
        shutil.copytree(media, scratch / "media")

    figures["database + media copy"] = timed(copy_with_media, args.repeat)[0], None
    if url is None:
        # The same two, through tar and gzip at the archive's level: what the archive's format costs.
        tarball, database = scratch / "plain.tar.gz", Path(connection.settings_dict["NAME"])
        command = ["tar", f"--use-compress-program=gzip -{compression}", "-cf", str(tarball)]
        command += ["-C", str(database.parent), database.name, "-C", str(Path(media).parent), Path(media).name]
        seconds = timed(lambda: subprocess.run(command, check=True), args.repeat)[0]
        figures["tar + gzip of both"] = seconds, tarball.stat().st_size
    print("  baselines measured", flush=True)
    seconds, (path, manifest) = timed(backups.create, args.repeat)
    figures["backup"] = seconds, path.stat().st_size
    dump = next(entry["size"] for entry in manifest["files"] if not entry["name"].startswith("media/"))
    print(f"  backup: {seconds:.2f} s, {path.stat().st_size / MB:.1f} MB", flush=True)

    def restore():
        with backups.unpacked(path) as found:
            return backups.restore(found)

    seconds, restored = timed(restore, args.repeat)
    assert not restored.rows_differing, restored.rows_differing
    assert restored.media_files == args.pictures, restored.media_files
    figures["restore"] = seconds, None
    print(f"  restore: {seconds:.2f} s", flush=True)
    connection.close()
    figures["database put back"] = timed(put_database_back(url, scratch), args.repeat)[0], None
    figures["sizes"] = {"dump": dump, "media": folder_bytes(media)}
    return figures


def report(figures, label, args, compression):
    sizes = figures.pop("sizes")
    print(
        f"\nBackup and restore — {label}; {args.size:,} registrations and {args.pictures} pictures; "
        f"gzip level {compression}; median of {args.repeat}"
    )
    print(
        f"database dump {sizes['dump'] / MB:.1f} MB, media {sizes['media'] / MB:.1f} MB "
        f"({sizes['dump'] / MB + sizes['media'] / MB:.1f} MB before the archive's compression)"
    )
    base = figures["database copy"][0]
    print(f"{'what':<24} {'seconds':>8} {'× db copy':>10} {'MB out':>8}")
    for name, (seconds, size) in figures.items():
        print(f"{name:<24} {seconds:>8.2f} {seconds / base:>10.1f} {'' if size is None else f'{size / MB:.1f}':>8}")
    print(
        f"round trip (backup + restore): {figures['backup'][0] + figures['restore'][0]:.2f} s; "
        f"archive {figures['backup'][1] / MB:.1f} MB"
    )


if __name__ == "__main__":
    main()
