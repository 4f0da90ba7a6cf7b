"""The main pages are valid HTML according to the W3C Nu HTML checker (vnu), in both languages.

The checker runs once over every page (starting the JVM is the slow part). A deliberately broken
document goes along with them, so the test also proves the checker really read the files."""

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
CANARY = '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><p><div></div></p></body></html>'

pytestmark = [
    pytest.mark.django_db,  # the test database must exist for the pages to be rendered
    pytest.mark.skipif(
        not (JAVA and VNU.exists()), reason="needs Java and the vnu-jar npm package (`make test` installs them)"
    ),
]


def vnu_errors(files):
    """Errors the Nu checker finds, by file name."""
    result = subprocess.run(  # noqa: S603 - a fixed command on files the test wrote
        [JAVA, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    errors = defaultdict(list)
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in {"error", "non-document-error"}:
            name = Path(message.get("url", "")).name
            errors[name].append(f"line {message.get('lastLine')}: {message['message']}  {message.get('extract', '')!r}")
    return errors


def test_main_pages_have_no_html_errors(rendered_pages, tmp_path):
    urls = {}
    for page, lang, url, html in rendered_pages:
        path = tmp_path / f"{page.name}-{lang}.html"
        path.write_text(html, encoding="utf-8")
        urls[path.name] = url
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    errors = vnu_errors([*(tmp_path / name for name in urls), canary])

    assert errors.pop(canary.name), "the checker did not report the broken canary document"
    report = "\n".join(f"{urls.get(name, name)}\n  " + "\n  ".join(lines) for name, lines in errors.items())
    assert not errors, f"HTML errors:\n{report}"
