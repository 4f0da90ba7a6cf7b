"""Backups of the whole site, the database and the uploaded media, in one archive, and their restore.

An archive (``multaqa-<UTC time>.tar.gz`` in ``BACKUP_DIR``) holds the database first
(``database.sqlite3``, a copy made with SQLite's online backup API, or ``database.pgdump``,
``pg_dump``'s custom format), then the media files under ``media/``, then ``manifest.json``:
when it was made, the database's vendor, its applied migrations and rows per model, and every
file's size and SHA-256, taken while the file was written. The rows are counted in the
snapshot the dump comes from, so a restore can tell whether it got back what was saved.

A restore unpacks the archive into a folder in ``BACKUP_DIR``, checks every file against the
manifest and the vendor against the database in use, and only then replaces the database in
one transaction and then the media folder, which ends up holding exactly the archive's files.
Media kept in object storage are left to the bucket's own versioning.

``archive`` writes and reads archives; ``databases`` copies each vendor's database in and out.
The ``backup`` and ``restore`` commands call them.
"""

from .archive import Restored, Unpacked, archives, backup_dir, create, media_root, newest, prune, restore, unpacked
from .databases import VENDOR_NAMES, row_counts
from .errors import BackupError

__all__ = [
    "BackupError",
    "Restored",
    "Unpacked",
    "VENDOR_NAMES",
    "archives",
    "backup_dir",
    "create",
    "media_root",
    "newest",
    "prune",
    "restore",
    "row_counts",
    "unpacked",
]
