"""The Arabic month names the site writes, chosen once for pages, emails, tickets, calendar files and the admin.

Iraq and the Levant say كانون الثاني، شباط، آذار…; Egypt and much of the Gulf say يناير، فبراير، مارس….
Django names months through its catalogues ("January", "jan", "Jan." and "January" in the
"alt. month" context), so each style is a small catalogue in site/months/<style>/ that the settings
put first in LOCALE_PATHS: every `date` filter, `date_format` and admin date then uses the chosen
names. `scripts/messages.py` writes and compiles those catalogues from the lists below.
"""

from pathlib import Path

import catalogues

FOLDER = Path(__file__).resolve().parent / "months"
DEFAULT = "levantine"
STYLES = {
    "levantine": [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ],
    "egyptian": [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
}

# Django's own msgids for each month (django/utils/dates.py): full, three-letter, AP style, and
# the "alt. month" form some languages use after a day. Arabic writes the full name in every case.
_FULL = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_SHORT = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def choice(value):
    """The style named by ``value`` (empty means the default); anything else is refused."""
    value = (value or DEFAULT).strip().lower()
    if value not in STYLES:
        raise ValueError(f"ARABIC_MONTH_NAMES must be one of {', '.join(STYLES)}, not {value!r}")
    return value


def locale_paths(style, site_catalogue):
    """LOCALE_PATHS with the month catalogue of ``style`` ahead of the site's own catalogue."""
    return [FOLDER / choice(style), site_catalogue]


def catalogue(style):
    """The .po text of one style."""
    entries = [
        (context, msgid, name)
        for names, context in ((_FULL, None), (_SHORT, None), (_AP, "abbrev. month"), (_FULL, "alt. month"))
        for msgid, name in zip(names, STYLES[style], strict=True)
    ]
    return catalogues.po_text("ar", "Arabic", entries)


def po_path(style):
    return FOLDER / style / "ar" / "LC_MESSAGES" / "django.po"


def write_catalogues():
    """Writes site/months/<style>/ar/LC_MESSAGES/django.po for every style; returns their paths."""
    paths = []
    for style in STYLES:
        path = po_path(style)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(catalogue(style), encoding="utf-8")
        paths.append(path)
    return paths
