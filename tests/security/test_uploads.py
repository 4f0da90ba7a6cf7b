"""Every upload is checked by what it holds, how large it is and what it would unpack to
(network/uploads.py), whichever screen it comes through: the directory's import, an event's
registration import, an online-meeting report, and the image library (its own pages, its
multiple upload and the chooser that sets an organisation's logo or a person's photo). Each
refusal is a clear message in the staff member's language, with no error page, and nothing is
written: no record, no file kept for a preview, no image.

The hostile files are real: a PNG of 10,000 × 10,000 pixels in twelve kilobytes, a zip archive
dressed as an XLSX workbook that unpacks to 150 MB from 150 KB, one that stays under the limit
but is packed a thousand to one, one of thousands of parts, one whose parts are encrypted,
files whose name says one format and whose bytes another, and SVG pictures that run script or
reach for other sites and files.
"""

import html
import io
import json
import struct
import zipfile
import zlib
from functools import cache

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from events.attendance.models import MeetingReportUpload
from events.registrations.models import Registration
from network import uploads
from network.errors import ImportProblem
from network.imports import service, storage
from network.models import Person
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, event_page, organiser

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


# --- the files --------------------------------------------------------------------------------


def png(width, height):
    """A valid greyscale PNG of ``width`` × ``height`` black pixels, written by hand so that a
    picture of a hundred million pixels costs a few kilobytes and no time."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = (b"\x00" + bytes((width + 7) // 8)) * height  # filter byte, then 1-bit pixels
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


@cache
def huge_png():
    return png(10_000, 10_000)


def workbook(parts, encrypted=False):
    """A zip archive laid out as an XLSX workbook, with ``parts`` ({name: bytes or an iterable
    of bytes}) added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        for name, content in parts.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if encrypted:
                info.flag_bits |= 0x1
            with archive.open(info, "w") as part:
                for piece in [content] if isinstance(content, bytes) else content:
                    part.write(piece)
    return buffer.getvalue()


@cache
def unpacks_to_150_mb():
    return workbook({"xl/worksheets/sheet1.xml": (b"\0" * MB for _ in range(150))})


@cache
def packed_a_thousand_to_one():
    return workbook({"xl/worksheets/sheet1.xml": (b"\0" * MB for _ in range(60))})


@cache
def three_thousand_parts():
    return workbook({f"xl/worksheets/sheet{n}.xml": b"<worksheet/>" for n in range(3000)})


def ods():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def real_workbook():
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["name", "email"])
    book.active.append(["Ali Sami", "ali@example.org"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 20
UNPACKS = "would unpack to far more data than a spreadsheet holds"
NOT_A_WORKBOOK = "not a real XLSX spreadsheet"
NOT_TEXT = "not saved as text Multaqa can read"
UNSAFE = "holds a script, a link to another file or site"

# (file name, content, code, words of the message), for the two spreadsheet imports.
SPREADSHEETS = [
    ("bomb.xlsx", unpacks_to_150_mb, "too_large_unpacked", UNPACKS),
    ("packed.xlsx", packed_a_thousand_to_one, "too_large_unpacked", UNPACKS),
    ("parts.xlsx", three_thousand_parts, "too_large_unpacked", UNPACKS),
    ("locked.xlsx", lambda: workbook({"xl/worksheets/sheet1.xml": b"<worksheet/>"}, encrypted=True),
     "not_a_spreadsheet", NOT_A_WORKBOOK),
    ("sheet.xlsx", ods, "not_a_spreadsheet", NOT_A_WORKBOOK),
    ("report.xlsx", lambda: PDF, "not_a_spreadsheet", NOT_A_WORKBOOK),
    ("people.csv", huge_png, "encoding", NOT_TEXT),
    ("people.csv", lambda: OLD_EXCEL, "encoding", NOT_TEXT),
    ("people.csv", lambda: PDF, "encoding", NOT_TEXT),
    ("people.csv", unpacks_to_150_mb, "encoding", NOT_TEXT),
]  # fmt: skip
SPREADSHEET_IDS = ["150mb", "1000-to-1", "3000-parts", "encrypted", "ods", "pdf-as-xlsx", "png-as-csv",
                   "xls-as-csv", "pdf-as-csv", "zip-as-csv"]  # fmt: skip


def svg(body, head=""):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">{body}</svg>'
    ).encode()


PLAIN_SVG = svg(
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#0f6e6a"/></linearGradient></defs>'
    '<rect width="40" height="40" fill="url(#g)" style="stroke: url(\'#g\')"/><use href="#g"/>'
    '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>',
    head='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
)
HOSTILE_SVGS = {
    "script": svg("<script>alert(document.cookie)</script>"),
    "handler": svg('<rect width="9" height="9" onload="alert(1)"/>'),
    "web-image": svg('<image xlink:href="http://127.0.0.1:9/x.png" width="9" height="9"/>'),
    "file-image": svg('<image href="file:///etc/passwd" width="9" height="9"/>'),
    "svg-in-data": svg('<image href="data:image/svg+xml,&lt;svg/&gt;" width="9" height="9"/>'),
    "javascript-link": svg('<a href="javascript:alert(1)"><rect width="9" height="9"/></a>'),
    "foreign-object": svg('<foreignObject width="9" height="9"><iframe src="https://example.org"/></foreignObject>'),
    "import": svg("<style>@import url(https://example.org/a.css);</style>"),
    "css-url": svg('<rect width="9" height="9" style="fill: url(https://example.org/a.svg#p)"/>'),
    "stylesheet": svg("", head='<?xml-stylesheet href="https://example.org/a.css"?>'),
    "entities": svg("&b;", head='<!DOCTYPE svg [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'),
}


# --- the screens ------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def in_english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def superuser(client, media):
    user = in_english(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(user)
    return user


def nothing_kept_for_a_preview():
    return not default_storage.exists(storage.FOLDER) or default_storage.listdir(storage.FOLDER) == ([], [])


def page_text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(("name", "content", "code", "message"), SPREADSHEETS, ids=SPREADSHEET_IDS)
def test_the_directory_import_refuses(client, superuser, name, content, code, message):
    before = Person.objects.count()
    response = client.post(
        "/admin/directory-tools/import/people/preview/", {"file": SimpleUploadedFile(name, content())}
    )
    assert response.status_code == 400 and message in page_text(response)
    assert Person.objects.count() == before and nothing_kept_for_a_preview()
    with pytest.raises(ImportProblem) as refused:
        service.preview("people", name, content())
    assert refused.value.code == code


@pytest.fixture
def event(demo_site):
    page = event_page()
    SettingsFactory(event=page, capacity=10)
    return page


@pytest.mark.parametrize(("name", "content", "code", "message"), SPREADSHEETS, ids=SPREADSHEET_IDS)
def test_the_registration_import_refuses(client, event, media, name, content, code, message):
    client.force_login(organiser(edit_pages_under=event.get_parent()))
    response = client.post(
        f"/admin/registrations/event/{event.pk}/import/",
        {"step": "upload", "file": SimpleUploadedFile(name, content())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and message in page_text(response)
    assert not Registration.objects.filter(event=event).exists() and nothing_kept_for_a_preview()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("participants.xlsx", unpacks_to_150_mb, UNPACKS),
        ("participants.xlsx", packed_a_thousand_to_one, UNPACKS),
        ("participants.xlsx", ods, "This file cannot be read"),
        ("participants.csv", huge_png, "This file cannot be read"),
        ("participants.csv", lambda: PDF, "This file cannot be read"),
    ],
    ids=["150mb", "1000-to-1", "ods", "png", "pdf"],
)
def test_the_meeting_report_import_refuses(client, event, name, content, message):
    client.force_login(organiser(edit_pages_under=event.get_parent()))
    response = client.post(
        f"/admin/attendance/{event.pk}/reports/",
        {"file": SimpleUploadedFile(name, content()), "tool": "", "slot": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and message in page_text(response)
    assert not MeetingReportUpload.objects.exists()


def test_refusals_are_in_arabic_for_an_arabic_reader(client, event):
    client.force_login(organiser(edit_pages_under=event.get_parent()))
    response = client.post(
        f"/admin/registrations/event/{event.pk}/import/",
        {"step": "upload", "file": SimpleUploadedFile("bomb.xlsx", unpacks_to_150_mb())},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400 and "عند فكّ ضغط هذا المصنف" in page_text(response)
    response = client.post(
        f"/admin/attendance/{event.pk}/reports/",
        {"file": SimpleUploadedFile("participants.xlsx", unpacks_to_150_mb()), "tool": "", "slot": ""},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400 and "100 ميغابايت" in page_text(response)


def test_a_spreadsheet_over_the_limit_is_refused_before_it_is_read(client, superuser, settings, monkeypatch):
    settings.SPREADSHEET_MAX_UPLOAD_SIZE = 2 * MB
    monkeypatch.setattr(uploads, "check_workbook", lambda content: pytest.fail("the file was read"))
    content = b"name\r\n" + b"Ali Sami\r\n" * (MB // 4)
    response = client.post(
        "/admin/directory-tools/import/people/preview/", {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert response.status_code == 400 and "The file is larger than 2 MB" in page_text(response)
    assert "up to 2 MB" in page_text(client.get("/admin/directory-tools/import/people/"))


# Images: each of these is refused by every way a picture is uploaded.
IMAGES = [
    ("poster.png", huge_png, "too many pixels"),
    ("photo.jpg", lambda: png(40, 40), "The extension does not match the file format"),
    ("logo.png", lambda: b"<html>not a picture</html>", "Not a valid .png image"),
    ("logo.png", lambda: unpacks_to_150_mb(), "Upload a valid image"),
    ("logo.svg", lambda: HOSTILE_SVGS["script"], UNSAFE),
]
IMAGE_IDS = ["10000x10000", "png-as-jpg", "html-as-png", "zip-as-png", "svg-script"]


def nothing_in_the_library(media):
    folder = media / "original_images"
    return not get_image_model().objects.exists() and (not folder.exists() or not any(folder.iterdir()))


def post_image(client, way, name, content):
    """Uploads a picture as the library's page, its multiple upload or the chooser does, and
    returns the page's text or the error the script would show."""
    upload = SimpleUploadedFile(name, content)
    if way == "library":
        collection = Collection.get_first_root_node().pk
        return page_text(
            client.post(reverse("wagtailimages:add"), {"title": name, "file": upload, "collection": collection})
        )
    if way == "multiple":
        answer = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
        data = json.loads(answer.content)
        return "" if data["success"] else data["error_message"]
    answer = client.post(
        reverse("wagtailimages_chooser:create"),
        {"image-chooser-upload-title": name, "image-chooser-upload-file": upload},
    )
    return json.loads(answer.content).get("htmlFragment", "")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow's own, at 89 million pixels
@pytest.mark.parametrize("way", ["library", "multiple", "chooser"])
@pytest.mark.parametrize(("name", "content", "message"), IMAGES, ids=IMAGE_IDS)
def test_the_image_library_refuses(client, superuser, media, way, name, content, message):
    assert message in post_image(client, way, name, content())
    assert nothing_in_the_library(media)


@pytest.mark.parametrize("name", HOSTILE_SVGS)
def test_the_logo_and_photo_chooser_refuses_every_hostile_svg(client, superuser, media, name):
    # Willow itself refuses to open an SVG that declares entities; the others are refused here.
    message = "Upload a valid image" if name == "entities" else UNSAFE
    assert message in post_image(client, "chooser", f"{name}.svg", HOSTILE_SVGS[name])
    assert nothing_in_the_library(media)


def test_an_image_over_the_size_limit_is_refused(client, superuser, media, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 4 * 1024
    assert "This file is too big" in post_image(client, "library", "large.png", png(400, 400) + bytes(8 * 1024))
    assert nothing_in_the_library(media)


@pytest.mark.parametrize("way", ["library", "multiple", "chooser"])
def test_pictures_and_plain_drawings_are_taken(client, superuser, media, way):
    post_image(client, way, "logo.png", png(1200, 800))
    post_image(client, way, "drawing.svg", PLAIN_SVG)
    assert sorted(image.file.name.rsplit(".", 1)[-1] for image in get_image_model().objects.all()) == ["png", "svg"]


def test_a_picture_refusal_in_arabic(client, superuser):
    in_arabic = UserProfile.get_for_user(superuser)
    in_arabic.preferred_language = "ar"
    in_arabic.save()
    assert "يحتوي ملف SVG هذا على نص برمجي" in post_image(client, "multiple", "logo.svg", HOSTILE_SVGS["script"])


# --- the checks themselves --------------------------------------------------------------------


def refusal(check, content):
    """The code of the ImportProblem ``check`` raises for ``content``; None when it lets it pass."""
    try:
        check(content)
    except ImportProblem as problem:
        return problem.code
    return None


def test_real_workbooks_pass():
    assert refusal(uploads.check_workbook, real_workbook()) is None
    assert refusal(uploads.check_workbook, b"PK\x03\x04 not really a workbook") is not None


@pytest.mark.parametrize("name", HOSTILE_SVGS)
def test_hostile_svgs_are_refused(name):
    with pytest.raises(ImportProblem) as refused:
        uploads.check_svg(HOSTILE_SVGS[name])
    assert refused.value.code == "unsafe_svg"


def test_plain_drawings_pass():
    assert refusal(uploads.check_svg, PLAIN_SVG) is None


def test_text_is_not_taken_for_a_binary_file():
    for text in ["name,email\r\n", "\ufeffname".encode(), "الاسم".encode("cp1256"), "name".encode("utf-16")]:
        assert uploads.binary_format(text if isinstance(text, bytes) else text.encode()) == ""
    assert [uploads.binary_format(content) for content in (huge_png(), OLD_EXCEL, PDF, real_workbook())] == [
        "png",
        "ole",
        "pdf",
        "zip",
    ]


def test_a_pictures_details_are_edited_without_a_new_file(client, superuser, media):
    post_image(client, "library", "drawing.svg", PLAIN_SVG)
    image = get_image_model().objects.get()
    collection = Collection.get_first_root_node().pk
    response = client.post(reverse("wagtailimages:edit", args=[image.pk]), {"title": "Logo", "collection": collection})
    assert response.status_code == 302 and get_image_model().objects.get().title == "Logo"
