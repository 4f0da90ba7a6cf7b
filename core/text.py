"""Bilingual text: whether Arabic is active, which of a record's two values to show, and how
the active language joins and quotes items inside a sentence.

Records keep a Latin-script value and an Arabic one (``name`` and ``name_ar``); each is shown
in its own language with the other as a fallback, so a half-translated record still reads.
Arabic joins items with "، " and quotes with «»; English with ", " and “”.
"""

from django.utils.translation import get_language


def is_arabic(language=None):
    """Whether ``language`` (the active language by default) is Arabic."""
    return (language or get_language() or "ar").startswith("ar")


def pick(arabic, latin, language=None):
    """The Arabic or the Latin-script value for the language, else the other one."""
    arabic, latin = arabic or "", latin or ""
    return (arabic or latin) if is_arabic(language) else (latin or arabic)


def localized(obj, field, language=None):
    """``obj.field_ar`` or ``obj.field``, for the language, with the other as fallback."""
    return pick(getattr(obj, f"{field}_ar", ""), getattr(obj, field, ""), language)


def separator():
    """The comma between listed items: "، " in Arabic, ", " otherwise."""
    return "، " if is_arabic() else ", "


def quoted(value):
    return f"«{value}»" if is_arabic() else f"“{value}”"


def join(values, quote=False):
    """The non-empty ``values`` as one list, each in quotation marks when ``quote``."""
    items = [str(value) for value in values if value]
    return separator().join(quoted(item) if quote else item for item in items)


def label_of(choices, value):
    """The label of ``value`` among ``choices`` (a TextChoices class) in the active language,
    as ``get_FOO_display()`` gives it (the value itself when it is not one of them), without
    hashing every lazy label of the field on each call as that does: a list of 40 sessions
    spent more on their kinds' names than on their titles."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
