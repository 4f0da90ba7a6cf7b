"""Tickets: a signed token for the check-in desk's QR code, and the bilingual PDF.

The token is ``REFERENCE.EVENT.MAC``: the registration's reference, the canonical event's id and
an HMAC-SHA256 of both under a key derived from the site's secret for that event alone (the
event's desk key). A check-in desk of the event receives its key, so it can tell a forged code
or another event's ticket from a true one while the network is down; a desk key opens nothing
of any other event. Tokens of the older form (Django's signed payload) are still read.
"""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from core import pdf
from events import dates
from events.registrations.models import Registration, RegistrationStatus

from .calendar import event_times
from .errors import RegistrationError

TOKEN_SALT = "registrations.ticket"  # noqa: S105 - a signing namespace, not a secret
# A ticket is scanned at the door; a day after the event ends it has done its job.
VALID_AFTER_END = timedelta(days=1)
FONT_DIR = settings.SITE_DIR / "static" / "fonts"


DESK_KEY_SALT = "registrations.ticket.desk-key"  # noqa: S105 - a derivation namespace, not a secret
MAC_LENGTH = 24  # hex digits: 96 bits
TOKEN = re.compile(r"^(?P<reference>[0-9A-Z]{8,20})\.(?P<event>[0-9]{1,12})\.(?P<mac>[0-9a-f]{24})$")


def desk_key(event_id):
    """The key of one event's tickets (hex), given to that event's check-in desks."""
    return salted_hmac(DESK_KEY_SALT, str(event_id), algorithm="sha256").hexdigest()


def _mac(reference, event_id):
    message = f"{reference}.{event_id}".encode()
    return hmac.new(bytes.fromhex(desk_key(event_id)), message, hashlib.sha256).hexdigest()[:MAC_LENGTH]


def ticket_token(registration):
    """What the QR code holds: the reference and the event, signed, so a forged or edited code
    is refused."""
    return f"{registration.reference}.{registration.event_id}.{_mac(registration.reference, registration.event_id)}"


def token_reference(token):
    """The reference a token was signed for, or ``None`` when it is forged or mangled."""
    token = (token or "").strip()
    match = TOKEN.match(token)
    if match:
        expected = _mac(match["reference"], match["event"])
        return match["reference"] if constant_time_compare(expected, match["mac"]) else None
    try:
        return signing.loads(token, salt=TOKEN_SALT)["r"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def verify_ticket_token(token, now=None):
    """The confirmed registration a scanned token belongs to, or a ``RegistrationError``
    (``forged``, ``expired``, ``not_confirmed``, ``not_accepted``)."""
    return check_ticket(ticket_registration(token), now=now)


def ticket_registration(token):
    """The registration a token was signed for, whatever its status, or a ``forged`` error.
    Callers check who may see it before they tell anything about its status."""
    reference = token_reference(token)
    if reference is None:
        raise RegistrationError(_("This ticket code is not valid."), "forged")
    registration = Registration.objects.select_related("event", "person").filter(reference=reference).first()
    if registration is None:
        raise RegistrationError(_("This ticket code is not valid."), "forged")
    return registration


def check_ticket(registration, now=None):
    """``registration`` if its ticket lets the person in now, or the reason it does not."""
    if (now or timezone.now()) > registration.event.end + VALID_AFTER_END:
        raise RegistrationError(_("This ticket has expired: the event is over."), "expired")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("This registration is not confirmed."), "not_confirmed")
    if registration.awaiting_acceptance:
        raise RegistrationError(
            _("The participant has not accepted this registration yet: they can do so in “My events”."),
            "not_accepted",
        )
    return registration


def ticket_check_url(registration):
    """The address the QR code holds: the check-in page, with the signed token in it."""
    path = reverse("registrations:ticket_check", args=[ticket_token(registration)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def qr_data_uri(data):
    import segno  # loaded when a ticket is drawn, not by every process that imports services

    return segno.make(data, error="m").svg_data_uri(scale=4, border=2, dark="#1b2430")


# The shipped font comes in subsets; each is declared under its own family name and the
# ticket lists them in order, so every character is drawn by the subset that has it.
FONT_SUBSETS = [("Plex Latin", "latin"), ("Plex Latin Ext", "latin-ext"), ("Plex Arabic", "arabic")]


def _fonts_css():
    faces = []
    for family, subset in FONT_SUBSETS:
        for weight in (400, 700):
            path = FONT_DIR / f"ibm-plex-sans-arabic-{subset}-{weight}-normal.woff"
            faces.append(
                f"@font-face {{ font-family: '{family}'; src: url('{path.as_uri()}') format('woff'); "
                f"font-weight: {weight}; }}"
            )
    families = ", ".join(f"'{family}'" for family, _subset in FONT_SUBSETS)
    faces.append(f"body {{ font-family: {families}, sans-serif; }}")
    return "\n".join(faces)


def ticket_place(event):
    """Where to go, as lines in the active language: the venue and its address, then "online"
    for online and hybrid events (never the meeting link: a ticket gets printed and shared)."""
    lines = []
    venue = event.venue
    if venue is not None and event.event_format != "online":
        lines += [venue.display_name, venue.display_address, venue.city_and_country()]
    if event.event_format == "online":
        lines.append(str(_("Online")))
    elif event.event_format == "hybrid":
        lines.append(str(_("Also online: the link is in your confirmation email")))
    seen = []
    for line in lines:
        if line and line not in seen:
            seen.append(line)
    return seen


def ticket_context(registration):
    event = registration.event
    arabic = event.localized_for("ar") or event
    english = event.localized_for("en") or event
    person = registration.person
    with translation.override("ar"):
        when_ar, zone_ar = event_times(event, with_zone=False), dates.zone_label(event.time_zone, event.start)
        place_ar = ticket_place(event)
    with translation.override("en"):
        when_en, zone_en = event_times(event, with_zone=False), dates.zone_label(event.time_zone, event.start)
        place_en = ticket_place(event)
    return {
        "registration": registration,
        "title_ar": arabic.title,
        "title_en": english.title,
        "when_ar": when_ar,
        "when_en": when_en,
        "zone_ar": zone_ar,
        "zone_en": zone_en,
        "place_ar": place_ar,
        "place_en": place_en,
        "name": person.name,
        "name_ar": person.name_ar,
        # The organisers' address for questions, as each language's page gives it.
        "contact_ar": arabic.contact,
        "contact_en": english.contact,
        "reference": registration.reference,
        "qr": qr_data_uri(ticket_check_url(registration)),
        "fonts_css": _fonts_css(),
    }


def ticket_pdf(registration):
    """The ticket as PDF bytes; only for confirmed registrations the participant has accepted."""
    if registration.status != RegistrationStatus.CONFIRMED or registration.awaiting_acceptance:
        raise RegistrationError(_("Only confirmed registrations have a ticket."), "not_confirmed")
    from weasyprint.text.fonts import FontConfiguration  # a slow import: loaded when a PDF is drawn

    context, fonts = ticket_context(registration), FontConfiguration()
    document = pdf.html(render_to_string("registrations/ticket.html", context), FONT_DIR).render(font_config=fonts)
    if len(document.pages) > 1:  # a long title or address: the compact sizes keep the ticket on one page
        html = render_to_string("registrations/ticket.html", {**context, "compact": True})
        document = pdf.html(html, FONT_DIR).render(font_config=fonts)
    return document.write_pdf()
