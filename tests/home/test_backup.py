"""Backups: a populated site (registrations, attendance, a certificate, pictures and their
renditions, a document) backed up, wiped and restored comes back whole, on the database the
suite runs on; a damaged archive, one of the other database vendor, or a restore not confirmed
changes nothing."""

import io
import json
import shutil
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation
from wagtail.documents import get_document_model

from events.attendance.models import Attendance, Certificate, Method
from events.attendance.services import check_in
from events.attendance.services.certificates import issue
from events.attendance.slots import slots_for
from events.registrations.models import Registration
from home import backups
from home.backups.databases import DUMP_NAMES
from tests.events.attendance.conftest import seminar_programme
from tests.factories.events import image
from tests.factories.network import OrganisationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    monkeypatch.setenv("BACKUP_DIR", str(folder))
    return folder


@pytest.fixture
def populated(demo_site, media):
    """The seminar programme with a picture (and a rendition of it), an organisation's logo and
    a document; three registrations, the first checked in at three seminars and certified."""
    programme = seminar_programme()
    programme.image = image("hall", size=(120, 80))
    programme.save_revision().publish()
    programme.image.get_rendition("fill-40x40")
    OrganisationFactory(name="Tammuz Organisation", logo=image("tammuz-logo", color=(200, 40, 40)))
    get_document_model().objects.create(
        title="Programme", file=ContentFile("برنامج الندوات\n".encode(), name="programme.txt")
    )
    SettingsFactory(event=programme, capacity=None)
    maha, *_others = [
        RegistrationFactory(event=programme, person=PersonFactory(participant=True, name=name, name_ar=name_ar))
        for name, name_ar in [("Maha Dawood", "مها داود"), ("Saif Ali", "سيف علي"), ("Noor Hadi", "نور هادي")]
    ]
    for slot in slots_for(programme)[:3]:
        check_in(maha, slot.key, method=Method.ONLINE, minutes=80)
    certificate, _created = issue(maha)
    return {"event": programme, "reference": maha.reference, "code": certificate.code}


def files_in(folder):
    """Every file under ``folder``: ``{relative name: bytes}``."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def manifest_of(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewritten(source, target, change):
    """A copy of the archive ``source`` with each member passed through ``change(name, data)``,
    which returns the member's new name and data."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            name, data = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_every_record_and_file(populated, media, backup_dir):
    rows, files = backups.row_counts(), files_in(media)
    assert rows["registrations.Registration"] == 3
    assert rows["attendance.Attendance"] == 3
    assert rows["attendance.Certificate"] == 1
    # The renditions the event page shows, drawn when it was published, and the one asked for.
    renditions = rows["wagtailimages.Rendition"]
    assert renditions > 1
    assert len(files) == 3 + renditions  # the two pictures, the document and the renditions

    output = io.StringIO()
    call_command("backup", stdout=output)
    [archive] = backups.archives()
    assert archive.parent == backup_dir
    assert archive.stat().st_mode & 0o777 == 0o600  # everyone's personal data: the owner's alone
    manifest = manifest_of(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["rows"] == rows  # counted in the snapshot the dump was made from
    assert "0001_initial" in manifest["database"]["migrations"]["registrations"]
    assert [entry["name"] for entry in manifest["files"]] == [
        DUMP_NAMES[connection.vendor],
        *(f"media/{name}" for name in sorted(files)),
    ]
    assert f"{len(files)} files" in output.getvalue()

    call_command("flush", interactive=False, inhibit_post_migrate=True)
    shutil.rmtree(media)
    assert not any(backups.row_counts().values())

    output = io.StringIO()
    call_command("restore", interactive=False, stdout=output)

    assert backups.row_counts() == rows
    assert files_in(media) == files
    assert "every table holds the rows the archive counted" in output.getvalue()
    assert f"Media restored: {len(files)} files; 0 the archive did not hold were deleted" in output.getvalue()
    maha = Registration.objects.get(reference=populated["reference"])
    assert maha.person.name_ar == "مها داود"
    assert Attendance.objects.filter(registration=maha, minutes=80).count() == 3
    assert Certificate.objects.get(registration=maha).code == populated["code"]
    assert populated["event"].__class__.objects.get(pk=populated["event"].pk).image.title == "hall"
    assert list(backup_dir.iterdir()) == [archive]  # nothing left of the unpacked archive


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_or_one_of_the_other_database_is_refused_and_changes_nothing(populated, media, backup_dir):
    archive, _manifest = backups.create()
    # Written after the backup: a restore would take them away.
    RegistrationFactory(event=populated["event"])
    (media / "documents" / "later.txt").write_bytes(b"uploaded after the backup")
    rows, files = backups.row_counts(), files_in(media)

    def flip_a_byte_of_the_logo(name, data):
        return name, data[:-1] + bytes([data[-1] ^ 1]) if "tammuz-logo" in name else data

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def other_vendor(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"].update(vendor=other, file=DUMP_NAMES[other])
            manifest["files"][0]["name"] = DUMP_NAMES[other]
            return name, json.dumps(manifest).encode()
        return (DUMP_NAMES[other], data) if name == DUMP_NAMES[connection.vendor] else (name, data)

    truncated = backup_dir / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refusals = {
        rewritten(archive, backup_dir / "tampered.tar.gz", flip_a_byte_of_the_logo): r"damaged .*tammuz-logo.*checksum",
        truncated: r"damaged or not a Multaqa backup",
        rewritten(archive, backup_dir / "other.tar.gz", other_vendor): r"holds a \w+ database and this site uses",
        backup_dir / "missing.tar.gz": r"There is no backup archive at",
    }
    for damaged, message in refusals.items():
        with translation.override("en"), pytest.raises(CommandError, match=message):
            call_command("restore", str(damaged), interactive=False)

    assert backups.row_counts() == rows
    assert files_in(media) == files
    assert not [path for path in backup_dir.iterdir() if path.name.startswith(".")]


@pytest.mark.django_db(transaction=True)
def test_a_restore_asks_first_and_an_answer_other_than_yes_changes_nothing(populated, media, backup_dir, monkeypatch):
    backups.create()
    RegistrationFactory(event=populated["event"])
    rows = backups.row_counts()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    output = io.StringIO()
    call_command("restore", stdout=output)

    assert "This replaces everything in the database" in output.getvalue()
    assert "Restore cancelled. Nothing was changed." in output.getvalue()
    assert backups.row_counts() == rows


@pytest.mark.django_db(transaction=True)
def test_media_in_object_storage_are_left_to_the_bucket(settings, media, backup_dir):
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "left-behind.png").write_bytes(b"a file of an earlier local set-up")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}

    output = io.StringIO()
    call_command("backup", stdout=output)

    manifest = manifest_of(backups.newest())
    assert manifest["media"] == {"included": False, "storage": "InMemoryStorage"}
    assert [entry["name"] for entry in manifest["files"]] == [DUMP_NAMES[connection.vendor]]
    assert "Media: not in the archive. They are in object storage (InMemoryStorage)" in output.getvalue()
    assert "versioning" in output.getvalue()

    output = io.StringIO()
    call_command("restore", interactive=False, stdout=output)
    assert "The archive holds no media" in output.getvalue()
    assert (media / "original_images" / "left-behind.png").exists()


def test_no_archive_is_written_where_the_site_serves_its_media(media):
    with translation.override("en"), pytest.raises(backups.BackupError, match="inside the media folder"):
        backups.create(media / "backups")
    assert not (media / "backups").exists()


def test_the_newest_archive_is_restored_by_default_and_keep_deletes_only_older_archives(tmp_path):
    names = [
        "multaqa-2026-11-30T020000Z.tar.gz",
        "multaqa-2026-12-01T020000Z.tar.gz",
        "multaqa-2026-12-02T020000Z.tar.gz",
    ]
    for name in [*names, "notes.txt", ".multaqa-2026-12-03T020000Z.tar.gz.partial"]:
        (tmp_path / name).write_bytes(b"")

    assert backups.newest(tmp_path).name == names[-1]
    assert [path.name for path in backups.prune(tmp_path, keep=2)] == names[:1]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".multaqa-2026-12-03T020000Z.tar.gz.partial",
        *names[1:],
        "notes.txt",
    ]
    with translation.override("en"), pytest.raises(backups.BackupError, match="There is no backup in"):
        backups.newest(tmp_path / "empty")
