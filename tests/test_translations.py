"""The Arabic catalogues are complete and their compiled files match the sources."""

import gettext
import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _messages_script():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Every catalogue `make messages` refreshes.
DOMAINS = _messages_script().DOMAINS
CATALOGUES = [ROOT / domain / "locale" / "ar" / "LC_MESSAGES" / "django.po" for domain in DOMAINS]
ENGLISH_WORDING = ROOT / "site" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_app_has_an_arabic_catalogue():
    missing = [str(path.relative_to(ROOT)) for path in CATALOGUES if not path.exists()]
    assert not missing


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated(po):
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_a_sentence_shared_by_two_catalogues_reads_the_same_in_both():
    """Django merges every app's catalogue into one, the first app listed winning: a sentence
    two apps translate differently reads as the other app wrote it on half their pages (a
    certificate's "Revoke" button read «إلغاء الدعوة», an invitation's word). Where the meaning
    differs, the code gives a context (``pgettext``), which keeps them apart."""
    translations = {}
    for po in CATALOGUES:
        with po.with_suffix(".mo").open("rb") as compiled:
            for key, text in gettext.GNUTranslations(compiled)._catalog.items():
                if key:  # the header
                    app = str(po.relative_to(ROOT).parents[3])
                    translations.setdefault(key, {}).setdefault(text, []).append(app)
    differing = {str(key): by_text for key, by_text in translations.items() if len(by_text) > 1}
    assert not differing


def test_the_english_wording_catalogue_is_written_from_its_list():
    import english_wording

    assert ENGLISH_WORDING.read_text(encoding="utf-8") == english_wording.catalogue()
    assert 'msgid "Sign In"\nmsgstr "Sign in"' in ENGLISH_WORDING.read_text(encoding="utf-8")


@pytest.mark.parametrize("po", [*CATALOGUES, ENGLISH_WORDING], ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_current(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)  # noqa: S603, S607
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run make messages"
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"{committed} is stale: run make messages"
        )
