"""PDFs drawn with WeasyPrint, which reads nothing but the site's own files.

Every PDF of the site (tickets, badges, sign-in sheets, certificates, attendee lists, reports)
is drawn from a document made by ``html()``, whose URL fetcher

- reads a ``file:`` address only inside the site's static folders (``STATICFILES_DIRS`` and
  ``STATIC_ROOT``: the shipped fonts) and its media folder (``MEDIA_ROOT``: logos from the
  image library), only a font, an image or a style sheet there, and only once symbolic links
  and ".." are resolved;
- reads a ``data:`` address only when it holds an image (the site draws its QR codes as SVG
  data addresses); what such an image refers to goes through this same fetcher;
- refuses anything else: http(s), ftp, a file anywhere else on the disk, a data address
  holding a style sheet, a page or text.

Templates escape what people type, so a name or a title cannot add an element or a style to
a document. The fetcher is the second wall: whatever does reach a document (an SVG logo from
the image library refers to what it likes) still fetches nothing from the network and reads
no other file. WeasyPrint draws the document without a refused resource and logs a warning.
"""

import base64
import mimetypes
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings

# What a PDF may read from the site's folders: fonts, images and style sheets.
FILE_TYPES = {
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
DATA_TYPES = {"image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp"}
DATA_ADDRESS = re.compile(r"^data:(?P<type>[^;,]*)[;,]", re.IGNORECASE)
LOCAL_HOSTS = {"", "localhost"}


class Refused(ValueError):
    """An address a PDF may not read. WeasyPrint skips the resource and logs this message."""


def folders():
    """The folders a PDF may read from, resolved: static files and media."""
    found = []
    for entry in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT, settings.MEDIA_ROOT]:
        folder = entry[1] if isinstance(entry, (tuple, list)) else entry  # ("prefix", path) is allowed
        if folder:
            found.append(Path(folder).resolve())
    return found


def site_file(url):
    """The file a ``file:`` address names, when a PDF may read it; raises ``Refused``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in LOCAL_HOSTS:
        raise Refused(f"Not a file of this machine: {url[:200]}")
    try:
        path = Path(url2pathname(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError, ValueError) as error:
        raise Refused(f"No such file: {url[:200]}") from error
    if path.suffix.lower() not in FILE_TYPES:
        raise Refused(f"Not a font, image or style sheet: {url[:200]}")
    if not path.is_file() or not any(path.is_relative_to(folder) for folder in folders()):
        raise Refused(f"Outside the site's static and media folders: {url[:200]}")
    return path


def stored_image_uri(field_file, limit=4 * 1024 * 1024):
    """The address a PDF reads an image of the site's storage by: its ``file:`` address when
    the storage keeps files on this machine, otherwise (object storage) a ``data:`` address
    of its bytes, read through the storage, so nothing is fetched from the network while
    drawing. Empty for a file that is not an image, larger than ``limit``, or missing."""
    content_type = FILE_TYPES.get(Path(field_file.name).suffix.lower())
    if content_type not in DATA_TYPES:
        return ""
    try:
        return Path(field_file.path).as_uri()
    except NotImplementedError:
        pass  # object storage: no path on this machine
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            content = handle.read(limit + 1)
    except OSError:
        return ""
    if len(content) > limit:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def data_image(url):
    """``url`` when it is a data address holding an image; raises ``Refused``."""
    match = DATA_ADDRESS.match(url)
    if not match or match["type"].strip().lower() not in DATA_TYPES:
        raise Refused(f"A data address that is not an image: {url[:80]}")
    return url


def css_text(value):
    """``value`` to stand between the quotes of a CSS string (a page's running footer): every
    character but letters, digits and spaces written as a CSS escape, so no text can end the
    string or the style sheet, and nothing in it is changed by HTML escaping."""
    return "".join(char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in str(value))


def html(string, base_url):
    """WeasyPrint's document of the HTML ``string``, reading only what ``url_fetcher`` allows;
    relative addresses are taken from the folder ``base_url``."""
    from weasyprint import HTML  # a slow import: loaded when a PDF is drawn

    return HTML(string=string, base_url=str(base_url), url_fetcher=url_fetcher())


def url_fetcher():
    """A fetcher for one PDF: the site's fonts, images and style sheets, and data images."""
    return _fetcher_class()(allowed_protocols={"data"})


@cache
def _fetcher_class():
    """WeasyPrint's URL fetcher restricted as this module says; made on the first PDF, since
    WeasyPrint is slow to import."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # a slow import: loaded when a PDF is drawn

    class SiteFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = site_file(url)
                content_type = FILE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
                return URLFetcherResponse(path.as_uri(), path.open("rb"), {"Content-Type": content_type})
            if scheme == "data":
                return super().fetch(data_image(url), headers)
            raise Refused(f"Only the site's own files are read: {url[:200]}")

    return SiteFilesOnly
