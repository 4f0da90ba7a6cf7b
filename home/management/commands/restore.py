"""Restores the database and the uploaded media from a backup archive (home/backups)."""

from django.core.management import BaseCommand, CommandError
from django.db import connection

from home import backups

MB = 1_000_000


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded media with those of a backup archive (the newest in BACKUP_DIR "
        "by default), after checking every file of the archive against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="the archive to restore (default: the newest in BACKUP_DIR)")
        parser.add_argument(
            "--dir", dest="directory", help="where to look for the newest archive (default: $BACKUP_DIR)"
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="restore without asking"
        )

    def handle(self, *args, archive=None, directory=None, interactive=True, **options):
        try:
            path = archive or backups.newest(directory)
            with backups.unpacked(path) as found:
                self.describe(found)
                if interactive and not self.confirmed():
                    self.stdout.write("Restore cancelled. Nothing was changed.")
                    return
                restored = backups.restore(found)
        except backups.BackupError as error:
            raise CommandError(error.message) from error
        self.report(restored)

    def describe(self, found):
        manifest = found.manifest
        database, rows = manifest["database"], manifest["database"]["rows"]
        media = [entry["size"] for entry in manifest["files"] if entry["name"].startswith("media/")]
        self.stdout.write(f"Archive: {found.archive} (checked: every file matches its checksum)")
        self.stdout.write(
            f"Made {manifest['created_at']}: {backups.VENDOR_NAMES[database['vendor']]} {database['version']}, "
            f"{sum(rows.values()):,} rows in {len(rows)} tables; "
            + (
                f"{len(media):,} media files, {sum(media) / MB:.1f} MB."
                if manifest["media"]["included"]
                else "no media."
            )
        )

    def confirmed(self):
        media = backups.media_root()
        self.stdout.write(
            f"This replaces everything in the database {connection.settings_dict['NAME']}"
            + (f" and in the media folder {media}" if media else "")
            + " with the archive's. Stop the site's processes first."
        )
        return input("Type 'yes' to restore: ").strip().lower() == "yes"

    def report(self, restored):
        if restored.rows_differing:
            self.stdout.write(
                self.style.WARNING("Restored, but these tables do not hold the rows the archive counted:")
            )
            for label, (archived, now) in sorted(restored.rows_differing.items()):
                self.stdout.write(f"  {label}: {archived} in the archive, {now} now")
        else:
            self.stdout.write(self.style.SUCCESS("Database restored: every table holds the rows the archive counted."))
        if restored.media == "restored":
            self.stdout.write(
                f"Media restored: {restored.media_files:,} files; {restored.media_removed:,} the archive did not hold "
                "were deleted."
            )
        elif restored.media == "not_in_archive":
            self.stdout.write(
                "The archive holds no media (they were in object storage); the media were left as they are."
            )
        else:
            self.stdout.write(
                "The media are in object storage and were left as they are: restore them from the bucket's versions."
            )
        if restored.migrations_pending:
            self.stdout.write(
                self.style.WARNING(
                    f"The archive's database lacks {restored.migrations_pending} migration(s): run manage.py migrate."
                )
            )
        self.stdout.write("Restart the site's processes, and empty the cache if it is shared (Redis).")
