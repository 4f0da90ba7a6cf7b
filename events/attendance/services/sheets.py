"""Sign-in sheets: the paper evidence of attendance that donor-funded projects keep.

One sheet per slot lists the event's confirmed participants, numbered, people with an Arabic
name first in Arabic alphabetical order, then those with only a Latin-script name
(printing.in_name_order), with organisation, governorate, gender and a box to sign. Every page
repeats the event's header and says "page 2 of 5" in the sheet's language. Gender and
governorate are personal data: only the event's organisers print a sheet.

The pages are laid out here, a fixed number of rows each, so that a long sheet is drawn in
parts (with progress) and still numbers its pages as one document. Afterwards, staff tick the
names that were signed on a screen that lists the same people in the same order with the same
numbers, and the ticks are recorded in one go (``mark``).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.text import separator
from events import dates
from events.attendance.errors import AttendanceError
from events.attendance.models import Attendance, Method
from events.attendance.slots import slot_for
from network.models import Gender

from . import printing
from .records import record_many

# Up to this many rows are drawn within the request; a longer sheet becomes a print job.
IN_REQUEST = 150
ROWS_PER_PAGE = 16
# Pages drawn per part of a long sheet (see printing.render_pdf).
PART_PAGES = 4
LANGUAGES = ("ar", "en")


@dataclass(frozen=True)
class Row:
    number: int
    registration_id: int
    name_ar: str
    name: str
    organisation: str
    governorate: str
    gender: str


def _place(person):
    if person.governorate:
        return str(person.get_governorate_display())
    return str(person.country.name) if person.country and person.country.code != "IQ" else ""


def _gender(person):
    return str(person.get_gender_display()) if person.gender in (Gender.FEMALE, Gender.MALE) else ""


def rows(event, language):
    """The sheet's rows, numbered from 1, with the details written in ``language``."""
    arabic, latin = printing.in_name_order(printing.confirmed_registrations(event))
    listed = []
    with translation.override(language):
        for number, registration in enumerate(arabic + latin, start=1):
            person = registration.person
            listed.append(
                Row(
                    number=number,
                    registration_id=registration.pk,
                    name_ar=person.name_ar,
                    name=person.name,
                    organisation=printing.organisation_names(person, language)[0],
                    governorate=_place(person),
                    gender=_gender(person),
                )
            )
    return listed


def _header(event, slot_key, language):
    arabic = event.localized_for("ar") or event
    english = event.localized_for("en") or event
    now = timezone.localtime(timezone.now(), event.zone)
    with translation.override(language):
        slot = slot_for(event.localized_for(language) or event, slot_key)
        return {
            "language": language,
            "title_ar": arabic.title,
            "title_en": english.title,
            "when": dates.date_range(event.start, event.end, event.zone),
            "slot_label": slot.label,
            "printed": f"{dates.day(now)}{separator()}{dates.clock(now)}",
            "fonts_css": printing.fonts_css(),
        }


def _parts(header, listed):
    pages = printing.in_parts(listed, ROWS_PER_PAGE)
    numbered = list(enumerate(pages, start=1))
    with translation.override(header["language"]):
        for part in printing.in_parts(numbered, PART_PAGES):
            context = {**header, "pages": part, "page_count": len(pages), "people": len(listed)}
            yield render_to_string("attendance/sheet.html", context), sum(len(page) for _number, page in part)


def sheet_pdf(event, slot_key, language, progress=None, listed=None):
    """The sign-in sheet of the slot ``slot_key`` as PDF bytes, in ``language``; a
    ``no_slot`` error for a slot that is not the event's."""
    if language not in LANGUAGES:
        raise AttendanceError(_("Choose the sheet's language."), "bad_language")
    header = _header(event, slot_key, language)
    listed = rows(event, language) if listed is None else listed
    if not listed:
        raise AttendanceError(_("There is no one to print."), "no_one")
    return printing.render_pdf(_parts(header, listed), progress)


def file_name(event, slot_key, language):
    return printing.file_name("sign-in", event.slug, str(slot_key)[:10], language)


def job_options(slot_key, language):
    return {"slot": str(slot_key), "language": language}


def draw_job(job, progress):
    """Draws a sheet job from its options: ``(pdf, file name, number of rows)``."""
    slot_key, language = job.options.get("slot", ""), job.options.get("language", "ar")
    listed = rows(job.event, language)
    printing.counted(job, len(listed))
    pdf = sheet_pdf(job.event, slot_key, language, progress, listed=listed)
    return pdf, file_name(job.event, slot_key, language), len(listed)


# --- marking from a signed sheet -----------------------------------------------------------


def marking_rows(event, slot):
    """The rows of the sheet (in the active language) for the marking screen of ``slot`` (a
    ``Slot`` of the event), each with the attendance already recorded for it (or ``None``)."""
    language = (translation.get_language() or "ar").split("-")[0]
    listed = rows(event, language if language in LANGUAGES else "ar")
    recorded = {
        record.registration_id: record
        for record in Attendance.objects.filter(event_id=event.canonical.pk, slot=slot.key).select_related(
            "recorded_by"
        )
    }
    return [(row, recorded.get(row.registration_id)) for row in listed]


def mark(event, slot_key, values, *, by):
    """Records the people ticked from a signed sheet as present in the slot, all or none
    (``records.record_many``); returns ``{"recorded": n, "already": n}``."""
    ids = printing.registration_ids(values)
    if not ids:
        raise AttendanceError(_("Tick the names that were signed on the sheet."), "no_one")
    slot = slot_for(event, slot_key)
    return record_many(event, slot.key, dict.fromkeys(ids), method=Method.SHEET, by=by)
