"""Dates and times written the way people say them, in the active language and the event's zone.

Month names come from Django's translations, which take the Arabic names chosen by the
ARABIC_MONTH_NAMES setting (site/arabic_months.py): Arabic pages read "10–11 آب 2018" by default
and English ones "10–11 August 2018".
"""

from django.utils import formats, timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from events.rules import zone

ZONE_NAMES = {
    "Asia/Baghdad": _("Baghdad time"),
    "Asia/Amman": _("Amman time"),
    "Asia/Beirut": _("Beirut time"),
    "Asia/Damascus": _("Damascus time"),
    "Asia/Riyadh": _("Riyadh time"),
    "Asia/Dubai": _("Dubai time"),
    "Africa/Cairo": _("Cairo time"),
    "Europe/Istanbul": _("Istanbul time"),
    "Europe/Vienna": _("Vienna time"),
    "Europe/Lisbon": _("Lisbon time"),
}


def day(value):
    return formats.date_format(value, "j F Y")


def clock(value):
    """Hours and minutes on the 24-hour clock, as Django's "H:i" writes them."""
    return f"{value:%H:%M}"


def date_range(start, end, tz, with_time=False):
    """``start``–``end`` in ``tz``, naming the month and year once when they are shared."""
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    if start.date() == end.date():
        text = day(start)
        if with_time:
            text = (
                f"{text}، {clock(start)}–{clock(end)}"
                if get_language_bidi()
                else f"{text}, {clock(start)}–{clock(end)}"
            )
        return text
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {formats.date_format(start, 'F Y')}"
    if start.year == end.year:
        return f"{formats.date_format(start, 'j F')} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def tile(start, end, tz):
    """The parts of a calendar-leaf picture: month (or months), days, year."""
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    month = formats.date_format(start, "F")
    if (start.year, start.month) != (end.year, end.month):
        month = f"{month} – {formats.date_format(end, 'F')}"
    days = str(start.day) if start.date() == end.date() else f"{start.day}–{end.day}"
    year = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return {"month": month, "days": days, "year": year}


def zone_label(tz_name, at):
    """For example "Baghdad time (UTC+03:00)", with the offset in force at ``at``."""
    local = timezone.localtime(at, zone(tz_name)) if at else None
    offset = local.strftime("%z") if local else ""
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = ZONE_NAMES.get(tz_name, tz_name)
    return f"{name} ({offset})"
