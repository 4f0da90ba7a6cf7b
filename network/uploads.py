"""Uploaded files, checked before anything reads them: the one place that decides what the site
takes from an upload, whichever screen it comes through.

- **Spreadsheets** (the directory's import, an event's registration import, online-meeting
  reports): a file no larger than ``SPREADSHEET_MAX_UPLOAD_SIZE`` (20 MB unless the
  deployment says otherwise; a meeting report has its own, smaller limit). What a file is
  comes from its content, never its name: a workbook must be a zip archive holding an Excel
  workbook, and a text file must not open with the signature of a known binary format (an
  image, a PDF, an archive, an old Excel file).
- **Decompression bombs**: an XLSX file is a zip archive, and a small one can unpack to
  gigabytes. Before openpyxl opens it, the sizes its central directory declares are added up
  (at most ``SPREADSHEET_MAX_UNPACKED_SIZE``, 100 MB) and each large part's ratio of unpacked
  to packed size is checked (real workbooks pack 5–30 times; a bomb a thousand). Python's
  zipfile never unpacks a part beyond the size the directory declares for it, so the declared
  sizes bound what openpyxl can read.
- **Images** (the image library, and through it organisations' logos, people's photos and
  events' pictures): Wagtail refuses a file larger than ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``,
  one of more pixels than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (a PNG of a few kilobytes can be
  10,000 × 10,000 pixels, gigabytes once opened), and one whose content is not the format its
  name says. An SVG is a document rather than a picture: ``check_svg`` refuses one that runs
  script or reaches for other files or sites (network/images.py calls it for every upload).

Each refusal is an ``ImportProblem`` with a message in the reader's language and a code; the
file is not read further and nothing is written.
"""

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsed only after entity declarations are refused
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from network.errors import ImportProblem

MB = 1024 * 1024
# Workbooks: how many parts an archive may have, and the largest ratio of a part's unpacked
# to packed size once it unpacks to more than RATIO_FROM bytes.
MAX_PARTS = 2000
MAX_RATIO = 100
RATIO_FROM = 1 * MB

ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# The first bytes of binary files people upload by mistake, which no text file starts with.
BINARY_SIGNATURES = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "ole",  # an old Excel (.xls) or Word file, or an encrypted workbook
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"RIFF": "riff",  # WebP, WAV, AVI
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"Rar!\x1a\x07": "rar",
    b"\x7fELF": "program",
    **dict.fromkeys(ZIP, "zip"),
}

# SVG: elements that run or embed something, and the only references an image may hold.
ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
SAFE_REFERENCE = re.compile(r"^\s*(#|data:image/(png|jpeg|gif|webp)[;,])", re.IGNORECASE)
CSS_REFERENCE = re.compile(r"@import|url\s*\(\s*(?!['\"]?\s*#)|expression\s*\(|javascript:", re.IGNORECASE)


def spreadsheet_limit():
    """The largest spreadsheet an import takes, in bytes."""
    return settings.SPREADSHEET_MAX_UPLOAD_SIZE


def megabytes(size):
    return f"{size / MB:.0f}" if size % MB == 0 else f"{size / MB:.1f}"


def too_large(limit=None):
    limit = spreadsheet_limit() if limit is None else limit
    return ImportProblem(
        _("The file is larger than %(size)s MB. Split it into smaller files and import them one by one.")
        % {"size": megabytes(limit)},
        "too_large",
    )


def check_size(size, limit=None):
    """Refuses a file of ``size`` bytes larger than ``limit`` (a spreadsheet's by default)."""
    if size > (spreadsheet_limit() if limit is None else limit):
        raise too_large(limit)


def validate_spreadsheet(upload):
    """A form field's validator: an uploaded spreadsheet over the limit is refused before it is
    read."""
    try:
        check_size(upload.size)
    except ImportProblem as problem:
        raise ValidationError(problem.message, code=problem.code) from problem


def binary_format(content):
    """The kind of binary file ``content`` starts like, or "" when it may be text."""
    head = bytes(content[:16])
    return next((kind for signature, kind in BINARY_SIGNATURES.items() if head.startswith(signature)), "")


def is_archive(content):
    """True when ``content`` starts as a zip archive (an XLSX workbook is one)."""
    return bytes(content[:4]) in ZIP


def not_text():
    return ImportProblem(
        _(
            "This file is not saved as text Multaqa can read (it looks like UTF-16 or a binary file). "
            "In Excel, choose “Save as” → “CSV UTF-8”."
        ),
        "encoding",
    )


def check_text(content):
    """Refuses a file that is not text: one that starts like a known binary format."""
    if binary_format(content):
        raise not_text()


def not_a_workbook():
    return ImportProblem(
        _(
            "This file is not a real XLSX spreadsheet, even though its name ends in .xlsx. "
            "Open it in Excel and save it again as an Excel workbook (.xlsx) or as CSV UTF-8."
        ),
        "not_a_spreadsheet",
    )


def unpacks_too_far(limit):
    return ImportProblem(
        _(
            "This workbook would unpack to far more data than a spreadsheet holds (more than %(size)s MB, or "
            "packed tighter than any real workbook). Open it in Excel and save it again, or save it as CSV UTF-8."
        )
        % {"size": megabytes(limit)},
        "too_large_unpacked",
    )


def check_workbook(content):
    """Refuses, before openpyxl opens it, a file that is not a zip archive holding an Excel
    workbook (a part encrypted, or no ``xl/workbook.xml``), or one that would unpack to more
    than ``SPREADSHEET_MAX_UNPACKED_SIZE`` or at a ratio no workbook has."""
    limit = settings.SPREADSHEET_MAX_UNPACKED_SIZE
    if not is_archive(content):
        raise not_a_workbook()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise not_a_workbook() from error
    if len(parts) > MAX_PARTS:
        raise unpacks_too_far(limit)
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names or any(part.flag_bits & 0x1 for part in parts):
        raise not_a_workbook()
    if sum(part.file_size for part in parts) > limit:
        raise unpacks_too_far(limit)
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise unpacks_too_far(limit)


def unsafe_svg():
    return ImportProblem(
        _(
            "This SVG file holds a script, a link to another file or site, or other active content, which "
            "pictures on this site may not. Save it again as a plain drawing, or upload it as PNG."
        ),
        "unsafe_svg",
    )


def check_svg(content):
    """Refuses an SVG that declares entities (which can expand to gigabytes), asks for a style
    sheet, holds script, event handlers, embedded documents, or refers to anything but its own
    parts and embedded raster images (in ``href``, or in CSS through ``url()`` and
    ``@import``)."""
    data = bytes(content) if isinstance(content, (bytes, bytearray, memoryview)) else str(content).encode()
    if re.search(rb"<!ENTITY|<\?xml-stylesheet", data, re.IGNORECASE):
        raise unsafe_svg()
    try:
        root = ET.fromstring(data)  # noqa: S314 - no entity can be declared (refused above)
    except ET.ParseError as error:
        raise unsafe_svg() from error
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in ACTIVE_ELEMENTS:
            raise unsafe_svg()
        if tag == "style" and CSS_REFERENCE.search("".join(element.itertext())):
            raise unsafe_svg()
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or (name in ("href", "src") and not SAFE_REFERENCE.match(value)):
                raise unsafe_svg()
            if CSS_REFERENCE.search(value):
                raise unsafe_svg()
