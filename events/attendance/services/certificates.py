"""Completion certificates: issuing them to the people an event's completion rule makes
eligible, revoking one, and the short code anyone may verify a certificate by.

Issuing runs in one transaction that first locks the registration rows (as recording
attendance does, services/records.py), then reads their attendance, then writes. A
registration has at most one certificate: issuing again returns the one it has, and a revoked
certificate is not issued again. The certificate row is its own history: who issued it and
when, what it states (the slots and minutes attended, fixed then), who revoked it, when and
why. The participant is emailed once the transaction commits. Each certificate staff issue
or revoke is also written to the event's audit log, in the same transaction.

The code is 10 symbols of Crockford's base32 (50 random bits), printed in two groups of five
(``7KQ2M-XC9RD``); it is read back in any case, with or without the dash, with the letters
people misread taken for the digits they look like and Arabic-Indic digits for Latin ones.
"""

import secrets
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from wagtail.images.models import SourceImageIOError

from core import pdf
from core.records import locked
from core.tasks import EMAIL_RETRY, retrying_task
from events import audit, dates
from events.attendance.errors import AttendanceError
from events.attendance.models import Certificate, SlotUnit
from events.attendance.slots import plan_for
from events.models import EventPartner, PartnerRole
from events.registrations.models import Registration, RegistrationStatus
from events.registrations.models.registrations import REFERENCE_ALPHABET
from events.registrations.services.emails import absolute, email_for
from events.registrations.services.tickets import _fonts_css, qr_data_uri
from network.people import email_of

from . import printing
from .completion import progress_for, progress_of
from .desk import MISREAD
from .records import check_attendable

CODE_LENGTH = 10
GROUP = 5
LONGEST_INPUT = 64
# What people type between or around the groups: spaces and dashes of every kind.
SEPARATORS = str.maketrans({c: None for c in " \t-_.\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"})
# Digits typed on an Arabic or Persian keyboard.
LATIN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


# --- codes -------------------------------------------------------------------------------


def new_code():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code):
    """``7KQ2MXC9RD`` as it is printed and read aloud: ``7KQ2M-XC9RD``."""
    return f"{code[:GROUP]}-{code[GROUP:]}"


def normalised(text):
    """The stored form of a typed or scanned code, or "" when it cannot be one."""
    text = str(text or "")[:LONGEST_INPUT].translate(SEPARATORS).translate(LATIN_DIGITS).upper()
    text = text.translate(MISREAD)
    if len(text) != CODE_LENGTH or any(symbol not in REFERENCE_ALPHABET for symbol in text):
        return ""
    return text


def find(code):
    """The certificate with ``code`` (as anyone may type it), revoked or not; ``None`` when
    there is none."""
    code = normalised(code)
    if not code:
        return None
    rows = Certificate.objects.select_related("registration__event", "registration__person")
    return rows.filter(code=code).first()


def verification_url(certificate, language=None):
    """The public verification page's full address, in ``language`` (the holder's by default)."""
    with translation.override(language or certificate.registration.language or settings.LANGUAGE_CODE):
        return absolute(reverse("attendance:certificate_verify", args=[grouped(certificate.code)]))


def pdf_url(certificate):
    """Where the holder (and the event's organisers) download the PDF, in the active language."""
    return reverse("attendance:certificate_pdf", args=[grouped(certificate.code)])


# --- issuing and revoking ----------------------------------------------------------------


def _check_rule(event):
    plan = plan_for(event)
    if not (plan.completion_rule and plan.completion_value):
        raise AttendanceError(
            _("This event has no completion rule, so it has no certificates: set one in its attendance plan."),
            "no_rule",
        )
    return plan


def _locked(queryset):
    return locked(queryset.select_related("event", "person"))


def _new_certificate(registration, progress, by):
    return Certificate(
        registration=registration,
        code=new_code(),
        issued_at=timezone.now(),
        issued_by=by if by is not None and by.is_authenticated else None,
        slots_attended=progress.attended,
        slots_total=progress.total,
        minutes=progress.minutes,
    )


def _save_all(certificates):
    """Writes new certificates; a code drawn twice (one chance in 10¹⁵ per pair) is drawn again."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return Certificate.objects.bulk_create(certificates)
        except IntegrityError:
            if attempt == 2:
                raise
            for certificate in certificates:
                certificate.code = new_code()
    return certificates


def _email_on_commit(certificates):
    for certificate in certificates:
        transaction.on_commit(partial(send_certificate_email.enqueue, certificate.pk))


def revoked_on(certificate):
    """The day ``certificate`` was revoked, as the active language writes it."""
    return dates.day(timezone.localtime(certificate.revoked_at, certificate.registration.event.zone))


def _revoked_error(certificate):
    message = _("This person's certificate was revoked on %(date)s; it is not issued again.")
    return AttendanceError(message % {"date": revoked_on(certificate)}, "revoked")


def issue(registration, by=None):
    """Issues the certificate of ``registration`` (a record or its id): ``(certificate,
    created)``. Issuing again returns the certificate it has, ``created`` false.

    Refuses with an ``AttendanceError``: ``no_rule`` (the event has no completion rule),
    ``cancelled``, ``declined``, ``waitlisted``, ``pending``, ``not_accepted``, ``revoked``,
    or ``not_eligible`` saying what is missing ("1 of 2 attended; 1 more for a certificate.").
    """
    registration_id = getattr(registration, "pk", registration)
    with transaction.atomic():
        registration = _locked(Registration.objects.filter(pk=registration_id)).get()
        existing = Certificate.objects.filter(registration=registration).first()
        if existing is not None:
            if existing.is_revoked:
                raise _revoked_error(existing)
            return existing, False
        _check_rule(registration.event)
        check_attendable(registration)
        progress = progress_for(registration)
        if not progress.eligible:
            raise AttendanceError(
                _("Not eligible for a certificate yet: %(progress)s") % {"progress": progress.summary()},
                "not_eligible",
            )
        certificate = _save_all([_new_certificate(registration, progress, by)])[0]
        _email_on_commit([certificate])
        audit.record_staff(audit.ISSUE, by, [registration])
    return certificate, True


def issue_eligible(event, by=None):
    """Issues a certificate to every confirmed participant of ``event`` (any language version)
    who meets its completion rule and has none yet; returns the new certificates. Those issued
    before, and those revoked, are left as they are."""
    canonical = event.canonical
    with transaction.atomic():
        _check_rule(canonical)
        confirmed = Registration.objects.filter(
            event_id=canonical.pk, status=RegistrationStatus.CONFIRMED, awaiting_acceptance=False
        )
        registrations = list(_locked(confirmed).order_by("pk"))
        progress = progress_of(canonical, registrations)
        holders = set(
            Certificate.objects.filter(registration__in=registrations).values_list("registration_id", flat=True)
        )
        new = [
            _new_certificate(registration, progress[registration.pk], by)
            for registration in registrations
            if registration.pk not in holders and progress[registration.pk].eligible
        ]
        created = _save_all(new)
        _email_on_commit(created)
        audit.record_staff(audit.ISSUE, by, [certificate.registration for certificate in created])
    return created


def revoke(certificate, by=None, reason=""):
    """Revokes ``certificate`` (a record or its id): the verification page then says so, with
    the date, and its holder can no longer download it. A reason is required; ``not_found``,
    ``reason_required`` or ``already_revoked`` otherwise."""
    reason = " ".join(str(reason or "").split())[:255]
    if not reason:
        raise AttendanceError(_("Say why the certificate is revoked."), "reason_required")
    certificate_id = getattr(certificate, "pk", certificate)
    with transaction.atomic():
        certificate = (
            locked(Certificate.objects.select_related("registration__event", "registration__person"))
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None:
            raise AttendanceError(_("This certificate does not exist."), "not_found")
        if certificate.is_revoked:
            message = _("This certificate was already revoked on %(date)s.") % {"date": revoked_on(certificate)}
            raise AttendanceError(message, "already_revoked")
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by if by is not None and by.is_authenticated else None
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        audit.record_staff(audit.REVOKE, by, [certificate.registration], reason=reason)
    return certificate


# --- the participant's side --------------------------------------------------------------


def send_email(certificate_id):
    """Tells the holder their certificate is ready, in the language they registered in, with
    the way to My events where they download it; in the layout of every participant email.
    Returns whether an email was sent."""
    certificate = (
        Certificate.objects.select_related("registration__event", "registration__person__user")
        .filter(pk=certificate_id, revoked_at__isnull=True)
        .first()
    )
    recipient = email_of(certificate.registration.person) if certificate else ""
    if not recipient:
        return False
    registration = certificate.registration
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = registration.event.localized_for(language) or registration.event
        values = {"event": event.title, "code": grouped(certificate.code), "url": verification_url(certificate)}
        heading = _("Your certificate is ready")
        message = (
            _(
                "Congratulations on completing %(event)s: the organisers have issued your certificate. Download it "
                "from “My events”. Its code is %(code)s: anyone can check it at %(url)s"
            )
            % values
        )
        subject = _("Your certificate: %(event)s") % values
        email_for(registration, event, subject, heading, message, kind="certificate", to=recipient).send()
    return True


@retrying_task(**EMAIL_RETRY)
def send_certificate_email(certificate_id):
    """Background work: the email that a certificate is ready."""
    return send_email(certificate_id)


# --- the PDF -----------------------------------------------------------------------------

ORGANISING = (PartnerRole.ORGANISER, PartnerRole.CO_ORGANISER)
LOGO = "max-360x160"


def attended_text(certificate, unit):
    """ "Attended 5 of 7 sessions, 7.5 hours" in the active language, from what the
    certificate states."""
    values = {"attended": certificate.slots_attended, "total": certificate.slots_total}
    if unit == SlotUnit.SESSION:
        text = ngettext(
            "Attended %(attended)s of %(total)s session", "Attended %(attended)s of %(total)s sessions", values["total"]
        )
    else:
        text = ngettext(
            "Attended %(attended)s of %(total)s day", "Attended %(attended)s of %(total)s days", values["total"]
        )
    text %= values
    hours = round(certificate.minutes / 60, 1)
    if not hours:
        return text
    if hours == int(hours):
        hours_text = ngettext("%(hours)s hour", "%(hours)s hours", int(hours)) % {"hours": int(hours)}
    else:
        hours_text = pgettext("a number of hours with a fraction", "%(hours)s hours") % {
            "hours": formats.number_format(hours, 1)
        }
    return _("%(slots)s, %(hours)s") % {"slots": text, "hours": hours_text}


def _logo_uri(image):
    """The logo's file, or its bytes when the image library keeps its files in object
    storage, never a web address: the PDF is drawn without fetching anything. No logo when
    the library lost the file."""
    if image is None:
        return ""
    try:
        source = image if image.is_svg() else image.get_rendition(LOGO)
        return pdf.stored_image_uri(source.file)
    except (SourceImageIOError, FileNotFoundError):
        return ""


def _organisers(event):
    rows = (
        EventPartner.objects.filter(page=event, role__in=ORGANISING)
        .select_related("organisation__logo")
        .order_by("sort_order", "pk")
    )
    seen, organisers = set(), []
    for row in rows:
        organisation = row.organisation
        if organisation.pk not in seen:
            seen.add(organisation.pk)
            organisers.append({"organisation": organisation, "logo": _logo_uri(organisation.logo)})
    return organisers


def event_facts(event):
    """What every certificate of ``event`` (any language version) prints alike, in both
    languages: titles, dates, organisers, signatory."""
    canonical = event.canonical
    plan = plan_for(canonical)
    facts = {"organisers": _organisers(canonical), "plan": plan, "zone": canonical.zone}
    for language in ("ar", "en"):
        page = canonical.localized_for(language) or canonical
        with translation.override(language):
            facts[f"title_{language}"] = page.title
            facts[f"when_{language}"] = dates.date_range(canonical.start, canonical.end, canonical.zone)
    return facts


def _sheet(certificate, facts):
    sheet = {"person": certificate.registration.person, "code": grouped(certificate.code)}
    url = verification_url(certificate)
    sheet.update({"verify_url": url, "qr": qr_data_uri(url)})
    issued = timezone.localtime(certificate.issued_at, facts["zone"])
    for language in ("ar", "en"):
        with translation.override(language):
            sheet[f"attended_{language}"] = attended_text(certificate, facts["plan"].unit)
            sheet[f"issued_{language}"] = dates.day(issued)
    return sheet


def certificates_html(certificates, facts=None):
    """The HTML of ``certificates`` (of one event), one A4 landscape page each."""
    certificates = list(certificates)
    facts = facts or event_facts(certificates[0].registration.event)
    context = {**facts, "sheets": [_sheet(c, facts) for c in certificates], "fonts_css": _fonts_css()}
    return render_to_string("attendance/certificate.html", context)


def write_pdf(html):
    """``html`` as PDF bytes, drawn with the shipped fonts and local files only."""
    return printing.render_pdf([(html, 1)])


def certificate_pdf(certificate):
    """One certificate as PDF bytes; a revoked one is not drawn (``revoked``)."""
    if certificate.is_revoked:
        message = _("This certificate was revoked on %(date)s.") % {"date": revoked_on(certificate)}
        raise AttendanceError(message, "revoked")
    return write_pdf(certificates_html([certificate]))


# --- every certificate of an event in one PDF ---------------------------------------------

# Certificates drawn per part of the joined PDF (see printing.render_pdf).
PART = 20


def printable(event):
    """The certificates of ``event`` (any language version) that are printed: those not
    revoked, in the holders' name order (Arabic names first, as sheets and badges are)."""
    rows = Certificate.objects.filter(registration__event_id=event.canonical.pk, revoked_at__isnull=True)
    certificates = {c.registration_id: c for c in rows.select_related("registration__event", "registration__person")}
    arabic, latin = printing.in_name_order([c.registration for c in certificates.values()])
    return [certificates[registration.pk] for registration in arabic + latin]


def all_pdf(event, certificates, progress=None):
    """``certificates`` of ``event`` as one PDF, drawn in parts so ``progress`` moves."""
    facts = event_facts(event)
    parts = ((certificates_html(part, facts), len(part)) for part in printing.in_parts(certificates, PART))
    return printing.render_pdf(parts, progress)


def file_name(event):
    return printing.file_name("certificates", event.canonical.slug)


def draw_job(job, progress):
    """Draws a certificates job: ``(pdf, file name, number of certificates)``. The
    certificates are those printable when the drawing starts, so one revoked meanwhile is left
    out; ``no_one`` when none is left."""
    certificates = printable(job.event)
    printing.counted(job, len(certificates))
    return all_pdf(job.event, certificates, progress), file_name(job.event), len(certificates)
