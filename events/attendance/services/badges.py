"""Name badges: the name large in Arabic and in Latin script, the organisation, the role in its
colour and always written out (in both languages), and the ticket's QR code, so the desk can
check a badge in as it checks a ticket.

Two layouts: A6, one badge per page, and A4 sheets of eight with cut marks. A registration's
role is the one staff set; a participant who speaks in a session of the event's agenda is a
speaker on the badge unless staff set another role.
"""

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events import audit
from events.attendance.errors import AttendanceError
from events.models import SessionSpeaker
from events.registrations.models import ParticipantRole, Registration
from events.registrations.services.tickets import qr_data_uri, ticket_check_url
from network.models import Gender

from . import printing

Role = ParticipantRole


class Layout:
    A6 = "a6"
    A4 = "a4"
    choices = [(A6, _("A6, one badge per page")), (A4, _("A4, eight badges per page with cut marks"))]
    per_page = {A6: 1, A4: 8}


# Up to this many badges are drawn within the request; more become a print job.
IN_REQUEST = 60
# Badges drawn per part of a long PDF (see printing.render_pdf): whole A4 pages.
PART = 48

# Each role's colour and its text's, chosen to differ in hue and in lightness (a grey
# photocopy still tells them apart) and always printed with the role's name.
COLOURS = {
    Role.PARTICIPANT: ("#1f5f8b", "#ffffff"),
    Role.SPEAKER: ("#a3231b", "#ffffff"),
    Role.ORGANISER: ("#0b6b3a", "#ffffff"),
    Role.PRESS: ("#f2b705", "#1b2430"),
    Role.DELEGATION: ("#5b3a8c", "#ffffff"),
}

# The role as printed on a badge. Arabic says it of a woman or of a man where the person gave
# their gender (a badge is worn by the person it names), else in a form that fits either.
ROLE_FORMS = {
    Role.PARTICIPANT: {
        Gender.FEMALE: pgettext_lazy("badge role, female", "Participant"),
        Gender.MALE: pgettext_lazy("badge role, male", "Participant"),
        None: pgettext_lazy("badge role, gender not known", "Participant"),
    },
    Role.SPEAKER: {
        Gender.FEMALE: pgettext_lazy("badge role, female", "Speaker"),
        Gender.MALE: pgettext_lazy("badge role, male", "Speaker"),
        None: pgettext_lazy("badge role, gender not known", "Speaker"),
    },
    Role.ORGANISER: {
        Gender.FEMALE: pgettext_lazy("badge role, female", "Organiser"),
        Gender.MALE: pgettext_lazy("badge role, male", "Organiser"),
        None: pgettext_lazy("badge role, gender not known", "Organiser"),
    },
    Role.PRESS: {None: pgettext_lazy("badge role", "Press")},
    Role.DELEGATION: {None: pgettext_lazy("badge role", "Delegation")},
}


def role_label(role, gender=""):
    forms = ROLE_FORMS[role]
    return str(forms.get(gender) or forms[None])


def speaker_ids(event):
    """The people who speak in a session of ``event``'s agenda, in any language version."""
    speakers = SessionSpeaker.objects.filter(session__page__translation_key=event.translation_key)
    return set(speakers.values_list("person_id", flat=True))


def badge_role(registration, speakers):
    """The role printed on the badge: the one staff set, else speaker for someone on the
    agenda (``speakers``: ``speaker_ids(event)``), else participant."""
    if registration.role != Role.PARTICIPANT:
        return registration.role
    return Role.SPEAKER if registration.person_id in speakers else Role.PARTICIPANT


def chosen(event, *, roles=(), ids=()):
    """The confirmed registrations to print badges for, in the order of their names: those
    with ``ids`` when given, else those whose badge role is one of ``roles``, else everyone.
    Refuses the whole choice (``not_confirmed``) when an id is not a confirmed registration of
    the event."""
    registrations = printing.confirmed_registrations(event)
    if ids:
        wanted = printing.registration_ids(ids)
        registrations = list(registrations.filter(pk__in=wanted))
        if len(registrations) != len(wanted):
            raise AttendanceError(
                _("Some of the people chosen are not confirmed participants of this event."), "not_confirmed"
            )
    else:
        registrations = list(registrations)
    speakers = speaker_ids(event)
    for registration in registrations:
        registration.badge_role = badge_role(registration, speakers)
    if roles:
        registrations = [r for r in registrations if r.badge_role in set(roles)]
    arabic, latin = printing.in_name_order(registrations)
    return arabic + latin


@transaction.atomic
def set_role(event, ids, role, *, by=None):
    """Gives the registrations with ``ids`` (of ``event``) the badge ``role``; all or none.
    Returns how many were set, each written to the event's audit log as ``by``'s."""
    if role not in Role.values:
        raise AttendanceError(_("Choose one of the roles."), "bad_role")
    wanted = printing.registration_ids(ids)
    if not wanted:
        raise AttendanceError(_("Tick the people whose role you want to set."), "no_one")
    registrations = Registration.objects.filter(pk__in=wanted, event_id=event.canonical.pk)
    if len(registrations.values_list("pk", flat=True)) != len(wanted):
        raise AttendanceError(_("Some of the people chosen are not registered for this event."), "another_event")
    count = registrations.update(role=role)
    audit.record_staff(audit.ROLE, by, registrations.select_related("event", "person"), role=role)
    return count


# --- drawing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    name: str
    name_ar: str
    organisation: str
    organisation_other: str
    role: str
    role_ar: str
    role_en: str
    background: str
    ink: str
    reference: str
    qr: str

    @property
    def size(self):
        """How large the name is printed: long names a step smaller so they fit on a line."""
        longest = max(len(self.name), len(self.name_ar) * 1.15)
        return "xl" if longest <= 18 else "l" if longest <= 26 else "m"


def badge_of(registration):
    person = registration.person
    gender = person.gender if person.gender in (Gender.FEMALE, Gender.MALE) else None
    with translation.override("ar"):
        role_ar = role_label(registration.badge_role, gender)
    with translation.override("en"):
        role_en = role_label(registration.badge_role, gender)
    organisation, other = printing.organisation_names(person, "ar")
    background, ink = COLOURS[registration.badge_role]
    return Badge(
        name=person.name,
        name_ar=person.name_ar,
        organisation=organisation,
        organisation_other=other,
        role=registration.badge_role,
        role_ar=role_ar,
        role_en=role_en,
        background=background,
        ink=ink,
        reference=registration.reference,
        qr=qr_data_uri(ticket_check_url(registration)),
    )


def _event_context(event):
    arabic = event.localized_for("ar") or event
    english = event.localized_for("en") or event
    return {"title_ar": arabic.title, "title_en": english.title, "fonts_css": printing.fonts_css()}


def _parts(event, registrations, layout):
    context = _event_context(event)
    per_page = Layout.per_page[layout]
    for part in printing.in_parts(registrations, PART):
        badges = [badge_of(registration) for registration in part]
        pages = printing.in_parts(badges, per_page)
        html = render_to_string(f"attendance/badges_{layout}.html", {**context, "pages": pages})
        yield html, len(part)


def badges_pdf(event, registrations, layout, progress=None):
    """The badges of ``registrations`` (from ``chosen``) as PDF bytes."""
    if layout not in Layout.per_page:
        raise AttendanceError(_("Choose a layout for the badges."), "bad_layout")
    return printing.render_pdf(_parts(event, registrations, layout), progress)


def file_name(event, layout):
    return printing.file_name("badges", event.slug, layout)


def job_options(layout, roles=(), ids=()):
    return {"layout": layout, "roles": list(roles), "ids": sorted(printing.registration_ids(ids))}


def draw_job(job, progress):
    """Draws a badges job from its options: ``(pdf, file name, number of badges)``."""
    options = job.options
    registrations = chosen(job.event, roles=options.get("roles", ()), ids=options.get("ids", ()))
    printing.counted(job, len(registrations))
    layout = options.get("layout", Layout.A6)
    return badges_pdf(job.event, registrations, layout, progress), file_name(job.event, layout), len(registrations)
