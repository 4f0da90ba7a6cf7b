"""Media in S3-compatible object storage, as several app servers keep them: against moto's S3
server on 127.0.0.1 (``moto_server``, started once for the module), with the storage options
the settings build from ``MEDIA_S3_BUCKET`` and ``MEDIA_S3_ENDPOINT_URL``.

A picture uploaded in the admin lands in the bucket, its event page shows renditions made from
it through signed, expiring addresses that the page's Content Security Policy allows, and
those addresses give the pictures back. Nothing is made public. An import's spreadsheet waits
in the bucket for its confirmation and is swept away after a day. Two files of one name are
both kept. A document is given through a signed address. A backup leaves the media to the
bucket.
"""

import io
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from tests.factories.accounts import UserFactory
from tests.factories.events import event_page
from tests.test_settings import load_settings

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - a server of this test on 127.0.0.1
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def s3_server():
    if not MOTO_SERVER.exists():
        pytest.skip("moto_server is missing: pip install -r requirements-dev.txt")
    endpoint = f"http://127.0.0.1:{free_port()}"
    port = endpoint.rsplit(":", 1)[1]
    process = subprocess.Popen(  # noqa: S603 - the virtualenv's own moto_server
        [MOTO_SERVER, "-H", "127.0.0.1", "-p", port], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(f"{endpoint}/moto-api/", process)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch, tmp_path):
    """A bucket of its own for the test, and the site's default storage on it, with the
    options the settings make of the environment."""
    import boto3

    for name, value in {"AWS_ACCESS_KEY_ID": "multaqa", "AWS_SECRET_ACCESS_KEY": "multaqa-secret"}.items():
        monkeypatch.setenv(name, value)
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    config = load_settings(tmp_path, MEDIA_S3_BUCKET=bucket, MEDIA_S3_ENDPOINT_URL=s3_server)
    settings.STORAGES = {**settings.STORAGES, "default": config["storage"]}
    settings.MEDIA_ROOT = local_media = tmp_path / "local-media"

    def keys():
        listing = client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def public(key):
        grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
        return [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GRANTEES]

    media = SimpleNamespace(client=client, bucket=bucket, endpoint=s3_server, config=config)
    media.keys, media.public, media.local_media = keys, public, local_media
    return media


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (15, 94, 102)).save(buffer, "PNG")
    return buffer.getvalue()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - the test's own S3 server
        return answer.read()


def assert_signed(url, s3_media, seconds=3600):
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}" in s3_media.config["img_src"]
    assert parts.path.startswith(f"/{s3_media.bucket}/")
    assert query["X-Amz-Expires"] == [str(seconds)] and query["X-Amz-Signature"][0]


@pytest.mark.django_db
def test_a_picture_uploaded_in_the_admin_is_kept_in_the_bucket_and_shown_on_its_event_page(s3_media, demo_site):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    original = png(1200, 800)

    answer = admin.post(
        "/admin/images/add/",
        {
            "title": "Workshop hall",
            "file": ContentFile(original, name="hall.png"),
            "collection": Collection.get_first_root_node().pk,  # put back by the demo site if emptied
        },
    )
    assert answer.status_code == 302
    picture = get_image_model().objects.get(title="Workshop hall")
    assert picture.file.name in s3_media.keys() and picture.file.name.startswith("original_images/hall")
    assert (picture.width, picture.height) == (1200, 800)
    with picture.file.open("rb") as handle:
        assert handle.read() == original
    assert not Path(s3_media.local_media).exists()

    event = event_page(title="ورشة في القاعة", image=picture)
    page = Client().get(event.url)
    assert page.status_code == 200
    hero = re.search(r'<div class="event-hero-image">(.*?)</div>', page.content.decode(), re.DOTALL).group(1)
    urls = [unescape(url) for url in re.findall(r'(?:src|srcset)="([^" ]+)', hero)]
    assert urls, hero
    for url in urls:
        assert_signed(url, s3_media)
        content = fetch(url)
        shown = Image.open(io.BytesIO(content))
        assert shown.format in {"WEBP", "JPEG"} and shown.size in {(640, 427), (960, 640), (1440, 960)}
    renditions = [key for key in s3_media.keys() if key.startswith("images/")]
    assert renditions and all(s3_media.public(key) == [] for key in s3_media.keys())


@pytest.mark.django_db
def test_two_files_of_one_name_are_both_kept(s3_media):
    first = default_storage.save("documents/report.pdf", ContentFile(b"first"))
    second = default_storage.save("documents/report.pdf", ContentFile(b"second"))
    assert first == "documents/report.pdf" and second != first and second.startswith("documents/report")
    with default_storage.open(first) as one, default_storage.open(second) as other:
        assert (one.read(), other.read()) == (b"first", b"second")
    assert_signed(default_storage.url(second), s3_media)


@pytest.mark.django_db
def test_an_import_preview_waits_in_the_bucket_for_its_staff_member_only(s3_media, monkeypatch):
    from django.utils import timezone

    from network.errors import ImportProblem
    from network.imports import storage

    staff, other = UserFactory(), UserFactory()
    content = "name,email\nسارة,sara@example.org\n".encode()
    token = storage.stash(content, "people.csv", "people", staff)
    (key,) = s3_media.keys()
    assert key.startswith(f"{storage.FOLDER}/") and s3_media.public(key) == []
    assert storage.load(token, "people", staff) == ("people.csv", content)
    with pytest.raises(ImportProblem):
        storage.load(token, "people", other)

    # A day later the next preview sweeps the forgotten one away.
    later = timezone.now() + timezone.timedelta(days=2)
    monkeypatch.setattr(storage.timezone, "now", lambda: later)
    fresh = storage.stash(b"name\n", "other.csv", "people", staff)
    assert key not in s3_media.keys() and len(s3_media.keys()) == 1
    with pytest.raises(ImportProblem) as expired:
        storage.load(token, "people", staff)
    assert expired.value.code == "expired"
    storage.discard(fresh)
    assert s3_media.keys() == []


def test_a_backup_leaves_the_media_to_the_bucket(s3_media):
    """``make backup`` archives the media folder only when the media are on the machine's disk;
    with the bucket it says they are left to its versioning (tests/home/test_backup.py)."""
    from home import backups

    assert backups.media_root() is None


@pytest.mark.django_db
def test_a_document_is_given_through_a_signed_address(s3_media):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Agenda", file=ContentFile(b"%PDF-1.4 agenda", name="agenda.pdf")
    )
    assert document.file.name in s3_media.keys() and s3_media.public(document.file.name) == []
    answer = Client().get(document.url)
    assert answer.status_code == 302
    assert_signed(answer["Location"], s3_media)
    assert fetch(answer["Location"]) == b"%PDF-1.4 agenda"


@pytest.mark.django_db
def test_a_pdf_reads_a_logo_kept_in_the_bucket_without_fetching_it(s3_media):
    """Certificates and badges draw organisers' logos: from object storage the PDF gets the
    logo's bytes read through the storage (a data address its fetcher accepts), never the
    bucket's web address."""
    import base64

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from core import pdf

    original = png(40, 20)
    logo = get_image_model().objects.create(title="Logo", file=ContentFile(original, name="logo.png"))
    assert logo.file.name in s3_media.keys()
    uri = pdf.stored_image_uri(logo.file)
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == original
    assert pdf.data_image(uri) == uri
    notes = get_document_model().objects.create(title="Notes", file=ContentFile(b"not a picture", name="notes.txt"))
    assert pdf.stored_image_uri(notes.file) == ""
    assert pdf.stored_image_uri(logo.file, limit=10) == ""
