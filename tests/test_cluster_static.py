"""Static files as production serves them from every app server: collected with hashed names
and compressed copies (``STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage``),
linked by those names from the pages, and served by WhiteNoise to be cached for good.

Only the site's own files are collected here (Wagtail's and the other packages' files take a
minute to compress; the deployment guide's check covered them). A public page that named a
file the collection does not hold would be an error page in production: every file the home
and the events index link is fetched.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.\w+$")


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [ROOT / "site" / "static"] + [
        folder
        for folder in sorted(ROOT.glob("*/static")) + sorted(ROOT.glob("*/*/static"))
        if "site" not in folder.parts
    ]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_hashed_static_files_that_whitenoise_serves_for_good(collected, demo_site):
    assert (collected / "staticfiles.json").exists()
    visitor = Client()  # a new client loads the middleware, WhiteNoise reading the collection
    linked = set()
    for page in (demo_site["ar"], demo_site["en"]):
        answer = visitor.get(page.url)
        assert answer.status_code == 200
        linked |= set(re.findall(r'(?:href|src)="(/static/[^"]+)"', answer.content.decode()))
    assert any(url.endswith(".css") for url in linked) and any(url.endswith(".js") for url in linked)
    for url in sorted(linked):
        assert HASHED.match(url), url
        answer = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert answer.status_code == 200, url
        assert "immutable" in answer["Cache-Control"] and "max-age=315360000" in answer["Cache-Control"]
        if url.endswith((".css", ".js")):
            assert answer["Content-Encoding"] in {"br", "gzip"}
        b"".join(answer.streaming_content)
