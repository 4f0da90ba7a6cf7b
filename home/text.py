"""Lists and quotations inside sentences, written the way the active language writes them.

Arabic joins items with "، " and quotes with «»; English with ", " and “”. Every message that
names several things (columns, filters, fields, languages) goes through these.
"""

from django.utils.translation import get_language


def _arabic():
    return (get_language() or "ar").startswith("ar")


def separator():
    """The comma between listed items: "، " in Arabic, ", " otherwise."""
    return "، " if _arabic() else ", "


def quoted(value):
    return f"«{value}»" if _arabic() else f"“{value}”"


def join(values, quote=False):
    """The non-empty ``values`` as one list, each in quotation marks when ``quote``."""
    items = [str(value) for value in values if value]
    return separator().join(quoted(item) if quote else item for item in items)
