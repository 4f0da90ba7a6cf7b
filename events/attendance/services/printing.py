"""Printing for an event's organisers: the people a badge or a sign-in sheet is drawn for, the
PDF drawn in parts so progress can be shown, and print jobs.

A PDF of a few dozen pages is drawn within the request. Hundreds of badges or a long sheet
become a ``PrintJob``: a background task draws it (events/attendance/tasks.py), counting
``done`` of ``total`` as it goes, and the organisers download it from the job's page. A job is
found by its event and an unguessable key, and only the event's organisers reach its pages.

WeasyPrint draws a document at once, so a long PDF is drawn as several documents of a few
pages each (``render_pdf``), whose pages are then joined into one file: the progress moves
after each part, and a part's fixed cost (fonts, style sheet) is paid a few times, not per page.
"""

import re
import secrets
import unicodedata
from datetime import timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core import pdf
from core.ids import record_ids
from core.text import pick
from events.attendance.errors import AttendanceError
from events.attendance.models import PrintJob
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.services.tickets import FONT_DIR, _fonts_css
from network.models import Affiliation
from network.people import MAIN_AFFILIATION_ORDER
from network.text import written_in_arabic

# Finished jobs are kept this long, for a second download; then the next job of the event
# clears them (a PDF of hundreds of pages is several megabytes in the database).
KEPT_FOR = timedelta(days=2)


def confirmed_registrations(event):
    """The registrations of ``event`` (any language version) that badges and sheets are for:
    confirmed, and accepted by the participant (until then staff do not know who they are),
    with each person's affiliations read in the same pass."""
    affiliations = Affiliation.objects.select_related("organisation").order_by(*MAIN_AFFILIATION_ORDER)
    return (
        Registration.objects.filter(
            event_id=event.canonical.pk, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
        )
        .select_related("person", "event")
        .prefetch_related(Prefetch("person__affiliations", queryset=affiliations))
    )


def registration_ids(values):
    """The registration ids ticked in a form, or ``bad_input`` when one of the values is not
    an id (a tampered form): nothing is done with half a list."""
    values = list(values)
    ids = record_ids(values)
    if len(ids) != len(values):
        raise AttendanceError(_("The list of people was not understood. Reload the page and try again."), "bad_input")
    return set(ids)


def organisation_of(person):
    """The person's main organisation (``network.people.organisation_name``'s choice), from
    the affiliations ``confirmed_registrations`` read: ``None`` when they have none."""
    affiliations = list(person.affiliations.all())
    return affiliations[0].organisation if affiliations else None


def organisation_names(person, language):
    """The main organisation's name for ``language`` and, when it differs, in the other
    script: ``("منظمة تموز", "Tammuz Organisation")``."""
    organisation = organisation_of(person)
    if organisation is None:
        return "", ""
    shown = pick(organisation.name_ar, organisation.name, language)
    other = organisation.name if shown == organisation.name_ar else organisation.name_ar
    return shown, (other if other != shown else "")


def fonts_css():
    """The shipped font, as the tickets declare it."""
    return _fonts_css()


def render_pdf(parts, progress=None):
    """One PDF from ``parts``, an iterable of ``(html, count)``: each part is drawn as its own
    document, ``progress(count)`` is called after it, and the pages are joined in order. The
    documents read the site's own fonts and images only (``core.pdf``), never the web."""
    from weasyprint.text.fonts import FontConfiguration  # a slow import: loaded when a PDF is drawn

    fonts = FontConfiguration()
    documents = []
    for html, count in parts:
        documents.append(pdf.html(html, FONT_DIR).render(font_config=fonts))
        if progress is not None:
            progress(count)
    if not documents:
        raise AttendanceError(_("There is no one to print."), "no_one")
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def in_parts(items, size):
    """``items`` in lists of ``size``."""
    return [items[start : start + size] for start in range(0, len(items), size)]


def file_name(*parts):
    """A download's name: ``badges-women-in-media-forum-a4.pdf``."""
    return "-".join(slugify(str(part)) or "event" for part in parts if part) + ".pdf"


# --- the order of names on paper ------------------------------------------------------------

# The Arabic alphabet in its dictionary (hija'i) order. Each letter written in another form
# sorts with the letter it is a form of, after it when the rest of two names is equal:
# hamza on or under an alef, madda and wasla with the alef, as dictionaries file them under
# one letter (and a lone hamza with them); a hamza on waw or ya with its seat; ta marbuta
# with ta and alef maqsura with ya (as the Unicode collation's Arabic order does); the
# letters of Persian and Kurdish spelling with the Arabic letter they extend. Diacritics and
# tatweel are not letters and are ignored.
ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
FORMS = {
    "\u0622": ("ا", 1),  # آ
    "\u0623": ("ا", 2),  # أ
    "\u0625": ("ا", 3),  # إ
    "\u0671": ("ا", 4),  # ٱ
    "\u0621": ("ا", 5),  # ء
    "\u0629": ("ت", 1),  # ة
    "\u0624": ("و", 1),  # ؤ
    "\u06c6": ("و", 2),  # ۆ
    "\u0649": ("ي", 1),  # ى
    "\u0626": ("ي", 2),  # ئ
    "\u06cc": ("ي", 3),  # ی
    "\u06ce": ("ي", 4),  # ێ
    "\u067e": ("ب", 1),  # پ
    "\u0686": ("ج", 1),  # چ
    "\u0698": ("ز", 1),  # ژ
    "\u0695": ("ر", 1),  # ڕ
    "\u06a4": ("ف", 1),  # ڤ
    "\u06a9": ("ك", 1),  # ک
    "\u06af": ("ك", 2),  # گ
    "\u06b5": ("ل", 1),  # ڵ
    "\u06d5": ("ه", 1),  # ە
}
_LETTER_RANK = {letter: (rank, 0) for rank, letter in enumerate(ALPHABET, start=1)}
_LETTER_RANK.update({form: (_LETTER_RANK[letter][0], variant) for form, (letter, variant) in FORMS.items()})
_TATWEEL = "\u0640"
_OTHER = 1000  # digits and letters of other scripts, after the Arabic ones, in code point order
_SEPARATOR = re.compile(r"[\W_]+")


def _letters(name):
    """``name`` in composed form without diacritics and tatweel, which are not letters."""
    text = unicodedata.normalize("NFC", name or "")
    return "".join(char for char in text if char != _TATWEEL and unicodedata.category(char) != "Mn")


def arabic_sort_key(name):
    """A key that orders Arabic names as a dictionary does: letter by letter in the Arabic
    alphabet, a shorter word before a longer one it begins (علي before عليا), and only where
    the letters are the same, the plain letter before its other forms (اسامة before أسامة)."""
    primary, secondary = [], []
    for word in _SEPARATOR.split(_letters(name)):
        if not word:
            continue
        if primary:
            primary.append(0)  # between words: before any letter
            secondary.append(0)
        for char in word:
            rank, variant = _LETTER_RANK.get(char, (_OTHER + ord(char), 0))
            primary.append(rank)
            secondary.append(variant)
    return tuple(primary), tuple(secondary), name or ""


def latin_sort_key(name):
    """Latin-script names without case or accents: Émile with Emile, al-Amin with Al Amin."""
    bare = "".join(char for char in unicodedata.normalize("NFD", name or "") if not unicodedata.combining(char))
    return " ".join(_SEPARATOR.sub(" ", bare.casefold()).split()), name or ""


def in_name_order(registrations):
    """``(arabic, latin)``: the registrations of people with an Arabic name in Arabic
    alphabetical order, then those with only a Latin-script name in Latin order."""
    arabic, latin = [], []
    for registration in registrations:
        person = registration.person
        (arabic if written_in_arabic(person.name_ar or "") else latin).append(registration)
    arabic.sort(key=lambda r: (arabic_sort_key(r.person.name_ar), latin_sort_key(r.person.name), r.pk))
    latin.sort(key=lambda r: (latin_sort_key(r.person.name), r.pk))
    return arabic, latin


# --- print jobs --------------------------------------------------------------------------


def create_job(event, kind, options, *, total, by=None):
    """A job waiting to be drawn; the event's jobs finished long ago are cleared first."""
    canonical = event.canonical
    PrintJob.objects.filter(event_id=canonical.pk, finished_at__lt=timezone.now() - KEPT_FOR).delete()
    return PrintJob.objects.create(
        event=canonical,
        key=secrets.token_urlsafe(24),  # 192 bits, 32 characters
        kind=kind,
        options=options,
        total=total,
        requested_by=by if by is not None and by.is_authenticated else None,
    )


def job_for(event, key):
    """The job of ``event`` with ``key``, or a ``not_found`` error: a key of another event,
    mistyped or made up, finds nothing."""
    job = PrintJob.objects.defer("content").filter(event_id=event.canonical.pk, key=str(key)[:32]).first()
    if job is None:
        raise AttendanceError(_("This print job does not exist."), "not_found")
    return job


def job_file(job):
    """The finished file's bytes, or a ``not_ready`` error while it is being drawn."""
    content = PrintJob.objects.filter(pk=job.pk, state=PrintJob.State.DONE).values_list("content", flat=True).first()
    if content is None:
        raise AttendanceError(_("This file is not ready yet."), "not_ready")
    return bytes(content)


def start_drawing(job_id):
    """Marks a waiting job as being drawn and returns it; ``None`` when it is gone or was
    already taken (a task run twice draws once)."""
    with transaction.atomic():
        taken = PrintJob.objects.filter(pk=job_id, state=PrintJob.State.QUEUED).update(
            state=PrintJob.State.RUNNING, done=0
        )
    if not taken:
        return None
    return PrintJob.objects.defer("content").get(pk=job_id)


def progress_of(job):
    """``progress(count)`` for ``render_pdf``: adds to the job's ``done``, saved at once so the
    progress page sees it while the task goes on."""

    def progress(count):
        job.done = min(job.total, job.done + count)
        PrintJob.objects.filter(pk=job.pk).update(done=job.done)

    return progress


def counted(job, total):
    """Sets how many badges or rows the job draws, counted when its drawing starts."""
    job.total = total
    PrintJob.objects.filter(pk=job.pk).update(total=total)


def finish(job, content, filename, total):
    job.state, job.content, job.filename = PrintJob.State.DONE, content, filename
    job.done = job.total = total
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "content", "filename", "done", "total", "finished_at"])


def fail(job):
    job.state, job.finished_at = PrintJob.State.FAILED, timezone.now()
    job.save(update_fields=["state", "finished_at"])


def requeue(job_id):
    """Puts a job whose drawing failed back to waiting, to be drawn again from the start
    (its next attempt, or staff sending a failed task again); a job drawn meanwhile or
    cleared is left as it is."""
    PrintJob.objects.filter(pk=job_id, state__in=(PrintJob.State.RUNNING, PrintJob.State.FAILED)).update(
        state=PrintJob.State.QUEUED, done=0, finished_at=None
    )


def job_status(job):
    """What the progress page polls for."""
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "done": job.done,
        "total": job.total,
        "percent": round(100 * job.done / job.total) if job.total else 0,
        "finished": job.state in (PrintJob.State.DONE, PrintJob.State.FAILED),
    }
