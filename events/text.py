"""Bilingual text on event records: a Latin-script value and an Arabic one, picked for the
active language with a fallback to the other, so a half-translated record still reads."""

from django.utils.translation import get_language

from home import text as lists


def is_arabic(language=None):
    return (language or get_language() or "ar").startswith("ar")


def localized(obj, field, language=None):
    arabic = getattr(obj, f"{field}_ar", "") or ""
    latin = getattr(obj, field, "") or ""
    if is_arabic(language):
        return arabic or latin
    return latin or arabic


def separator():
    return lists.separator()


def join(values, quote=False):
    return lists.join(values, quote=quote)
