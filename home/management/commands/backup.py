"""Backs up the database and the uploaded media into one archive (home/backups)."""

from django.core.management import BaseCommand, CommandError

from home import backups

MB = 1_000_000


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into one archive in BACKUP_DIR (var/backups by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", help="where to write the archive (default: $BACKUP_DIR, or backups/ in VAR_DIR)"
        )
        parser.add_argument("--keep", type=int, metavar="N", help="then delete all but the newest N archives there")

    def handle(self, *args, directory=None, keep=None, **options):
        try:
            path, manifest = backups.create(directory)
        except backups.BackupError as error:
            raise CommandError(error.message) from error
        database, rows = manifest["database"], manifest["database"]["rows"]
        media = [entry["size"] for entry in manifest["files"] if entry["name"].startswith("media/")]
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({path.stat().st_size / MB:.1f} MB)"))
        self.stdout.write(
            f"Database: {backups.VENDOR_NAMES[database['vendor']]} {database['version']}, "
            f"{sum(rows.values()):,} rows in {len(rows)} tables."
        )
        if manifest["media"]["included"]:
            self.stdout.write(f"Media: {len(media):,} files, {sum(media) / MB:.1f} MB.")
        else:
            self.stdout.write(
                f"Media: not in the archive. They are in object storage ({manifest['media']['storage']}), "
                "whose own versioning keeps them: turn it on for the bucket."
            )
        if keep is not None:
            removed = backups.prune(directory, keep)
            self.stdout.write(f"Deleted {len(removed)} older archive(s); the newest {keep} are kept.")
