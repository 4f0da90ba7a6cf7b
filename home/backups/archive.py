"""Writing an archive of the site and reading one back: the database's dump, the media files
and the manifest, each file's SHA-256 taken as it goes into the archive and checked as it
comes out, before anything is changed.

``BACKUP_DIR`` is read here rather than in the settings, which describe the running site; the
``backup`` and ``restore`` commands are its only readers.
"""

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from . import databases
from .errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
ARCHIVE_NAME = re.compile(r"^multaqa-\d{4}-\d{2}-\d{2}T\d{6}Z\.tar\.gz$")
# gzip's fastest level: PostgreSQL's dump and the pictures are compressed already, and SQLite's
# file shrinks nearly as much (bench/backup.py, 20,000 registrations and 20 photos on SQLite:
# 14.5 MB in 1.37 s at level 1, 13.6 MB in 2.16 s at level 6).
COMPRESSION = 1
CHUNK = 1 << 20


@dataclass
class Unpacked:
    """An archive unpacked into ``folder`` and found whole."""

    archive: Path
    folder: Path
    manifest: dict


@dataclass
class Restored:
    rows_differing: dict  # {model label: (rows in the archive, rows after the restore)} where they differ
    media: str  # "restored", "not_in_archive" or "object_storage"
    media_files: int
    media_removed: int
    migrations_pending: int  # of this code, not applied in the archive's database


def backup_dir():
    """Where archives are written and looked for: ``$BACKUP_DIR``, by default ``backups/`` in VAR_DIR."""
    return Path(os.environ.get("BACKUP_DIR") or Path(settings.VAR_DIR) / "backups")


def media_root():
    """The media folder on local disk, or None when the media are in object storage."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def archives(directory=None):
    """The archives in ``directory``, oldest first (their names carry the time they were made)."""
    folder = Path(directory or backup_dir())
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if ARCHIVE_NAME.match(path.name))


def newest(directory=None):
    found = archives(directory)
    if not found:
        raise BackupError(_("There is no backup in %(folder)s.") % {"folder": directory or backup_dir()}, "not_found")
    return found[-1]


def prune(directory=None, keep=7):
    """Deletes all but the newest ``keep`` archives; returns the paths deleted."""
    old = archives(directory)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


# --- writing -----------------------------------------------------------------------------------


def create(directory=None, now=None):
    """Writes an archive of the database and the media into ``directory`` (BACKUP_DIR): ``(path,
    manifest)``. The archive appears under its name only once it is whole."""
    vendor = databases.vendor()
    folder = Path(directory or backup_dir())
    root = media_root()
    if root is not None and folder.resolve().is_relative_to(root.resolve()):
        raise BackupError(
            _("The backup folder %(folder)s is inside the media folder, which the site serves: choose one outside it.")
            % {"folder": folder},
            "inside_media",
        )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    while (path := folder / f"multaqa-{now:%Y-%m-%dT%H%M%S}Z.tar.gz").exists():
        now += dt.timedelta(seconds=1)  # two backups in one second: the second takes the next one's name
    partial = path.with_name(f".{path.name}.partial")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as staging:
        dump = Path(staging) / databases.DUMP_NAMES[vendor]
        database = databases.dump(dump)
        try:
            with (
                _private_file(partial) as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=COMPRESSION) as archive,
            ):
                files = [_add(archive, dump, dump.name)]
                files += [_add(archive, file, f"{MEDIA}/{name}") for name, file in _files_in(root)]
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat().replace("+00:00", "Z"),
                    "database": {"vendor": vendor, "file": dump.name, **database},
                    "media": {"included": root is not None, "storage": type(storages["default"]).__name__},
                    "files": files,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
    return path, manifest


def _files_in(root):
    """``(posix name, path)`` of every file under ``root``, in a stable order."""
    if root is None or not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                yield path.relative_to(root).as_posix(), path


@contextmanager
def _private_file(path):
    """A new file only its owner may read: an archive holds everyone's personal data."""
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        yield handle


class _Hashing:
    """A file read into the archive, hashed on the way."""

    def __init__(self, handle):
        self.handle, self.sha256 = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add(archive, path, name):
    with path.open("rb") as handle:
        info = archive.gettarinfo(arcname=name, fileobj=handle)
        info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
        reading = _Hashing(handle)
        archive.addfile(info, reading)
    return {"name": name, "size": info.size, "sha256": reading.sha256.hexdigest()}


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- reading back ------------------------------------------------------------------------------


@contextmanager
def unpacked(archive):
    """The archive unpacked into a temporary folder in BACKUP_DIR and found whole: every file
    its manifest lists with the size and SHA-256 listed, nothing more, and a database of the
    vendor in use. Refuses with a BackupError otherwise, before anything is changed."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("There is no backup archive at %(path)s.") % {"path": archive}, "not_found")
    vendor = databases.vendor()
    staging = backup_dir()
    staging.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=staging, prefix=".restore-"))
    try:
        found = _unpack(archive, folder, vendor)
        yield Unpacked(archive, folder, _checked_manifest(archive, folder, found, vendor))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _damaged(archive, problem):
    return BackupError(
        _("The backup %(archive)s is damaged or not a Multaqa backup (%(problem)s). Nothing was changed.")
        % {"archive": archive, "problem": problem},
        "damaged",
    )


def _other_vendor(archive, archived, vendor):
    names = databases.VENDOR_NAMES
    return BackupError(
        _("The backup %(archive)s holds a %(archived)s database and this site uses %(current)s. Nothing was changed.")
        % {"archive": archive, "archived": names.get(archived, archived), "current": names[vendor]},
        "other_vendor",
    )


def _unpack(archive, folder, vendor):
    """Writes each member under ``folder``: ``{name: (size, sha256)}``. The database comes first,
    so an archive of the other vendor is refused before its media are read."""
    dumps = {name: key for key, name in databases.DUMP_NAMES.items()}
    found = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                name = _member_name(archive, member)
                if dumps.get(name, vendor) != vendor:
                    raise _other_vendor(archive, dumps[name], vendor)
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source, sha256 = tar.extractfile(member), hashlib.sha256()
                with target.open("xb") as handle:  # "x": a name given twice is refused
                    while chunk := source.read(CHUNK):
                        sha256.update(chunk)
                        handle.write(chunk)
                found[name] = (member.size, sha256.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, FileExistsError) as error:
        raise _damaged(archive, str(error) or type(error).__name__) from error
    return found


def _member_name(archive, member):
    path = PurePosixPath(member.name)
    allowed = member.name in (MANIFEST, *databases.DUMP_NAMES.values()) or (
        len(path.parts) > 1 and path.parts[0] == MEDIA and ".." not in path.parts
    )
    if not member.isfile() or not allowed:
        raise _damaged(archive, f"unexpected member {member.name!r}")
    return member.name


def _checked_manifest(archive, folder, found, vendor):
    if MANIFEST not in found:
        raise _damaged(archive, "no manifest")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        archived, dump = manifest["database"]["vendor"], manifest["database"]["file"]
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(archive, f"unreadable manifest: {error!r}") from error
    if manifest.get("format") != FORMAT:
        raise _damaged(archive, f"manifest format {manifest.get('format')!r}")
    for name in sorted(set(listed) | set(found) - {MANIFEST}):
        if found.get(name) != listed.get(name):
            problem = "missing" if name not in found else "not listed" if name not in listed else "checksum mismatch"
            raise _damaged(archive, f"{name}: {problem}")
    if archived != vendor:
        raise _other_vendor(archive, archived, vendor)
    if dump != databases.DUMP_NAMES[vendor] or dump not in found:
        raise _damaged(archive, "no database")
    return manifest


# --- restoring ---------------------------------------------------------------------------------


def restore(unpacked):
    """Replaces the database, then the media, with those of an archive found whole."""
    database = unpacked.manifest["database"]
    databases.load(unpacked.folder / database["file"], database)
    counted = databases.row_counts()
    differing = {
        label: (rows, counted.get(label)) for label, rows in database["rows"].items() if counted.get(label) != rows
    }
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return Restored(differing, *_restore_media(unpacked), len(pending))


def _restore_media(unpacked):
    """Moves the archive's media into the media folder and deletes the files it did not hold:
    ``(what happened, files restored, files deleted)``."""
    root = media_root()
    if not unpacked.manifest["media"]["included"]:
        return "not_in_archive", 0, 0
    if root is None:
        return "object_storage", 0, 0
    root.mkdir(parents=True, exist_ok=True)
    restored = set()
    for name, path in list(_files_in(unpacked.folder / MEDIA)):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        restored.add(name)
    removed = [path for name, path in _files_in(root) if name not in restored]
    for path in removed:
        path.unlink()
    for folder, _subfolders, _names in os.walk(root, topdown=False):
        if Path(folder) != root and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    return "restored", len(restored), len(removed)
