"""What the check-in desk reads: a scanned or typed code, or a name.

A code is whatever a scanner types or a camera reads — the ticket's full address, its bare
token, or the reference printed under the QR code (typed in any case, with or without its
dashes, with the letters people misread taken for the digits they look like). A name is
searched like the directory searches: every spelling of an Arabic name finds it.
"""

import re
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

from events.attendance.errors import AttendanceError
from events.attendance.models import Method
from events.registrations.models import Registration
from events.registrations.models.registrations import REFERENCE_ALPHABET, REFERENCE_LENGTH
from events.registrations.services.tickets import token_reference
from network.models import Person
from network.search import has_terms, matching

from .records import check_in

# Crockford's reading of the letters left out of references.
MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
REFERENCE = re.compile(f"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")
LONGEST_CODE = 600
SEARCH_LIMIT = 12


def _forged():
    return AttendanceError(_("This code is not a ticket of this site."), "forged")


def reference_of(code):
    """``(reference, method)`` for a scanned address or token, or a typed reference; a
    ``forged`` error for anything else."""
    code = (code or "").strip()
    if not code or len(code) > LONGEST_CODE:
        raise _forged()
    if "/" in code:
        # A scanner types the QR code's whole address: the token is its last path segment.
        try:
            path = urlsplit(code).path
        except ValueError:  # an address no browser would open ("http://[…"): no ticket's
            raise _forged() from None
        segments = [part for part in path.split("/") if part]
        code = unquote(segments[-1]) if segments else ""
    typed = code.replace("-", "").replace(" ", "").upper().translate(MISREAD)
    if REFERENCE.match(typed):
        return typed, Method.REFERENCE
    reference = token_reference(code)
    if reference is None:
        raise _forged()
    return reference, Method.SCAN


def registration_for_code(event, code):
    """``(registration, method)``: the registration of ``event`` that ``code`` names. Refuses
    with ``forged``, ``not_registered`` or ``another_event``, telling nothing of a registration
    for another event."""
    reference, method = reference_of(code)
    registration = Registration.objects.select_related("event", "person").filter(reference=reference).first()
    if registration is None:
        if method == Method.SCAN:
            raise _forged()
        raise AttendanceError(_("No registration has this reference."), "not_registered")
    if registration.event_id != event.canonical.pk:
        raise AttendanceError(_("This ticket is for another event."), "another_event")
    return registration, method


def scan(event, slot_key, code, *, by, at=None, client_key=""):
    """Checks in the holder of ``code`` for the slot; see ``records.check_in`` for refusals."""
    registration, method = registration_for_code(event, code)
    return check_in(registration, slot_key, method=method, by=by, event=event, at=at, client_key=client_key)


def find_by_name(event, query):
    """The event's registrations whose person's name, in either script and any spelling,
    contains every word of ``query`` (at most a screenful). Registrations still awaiting the
    participant's acceptance are left out: staff do not know who they are yet."""
    if not has_terms(query):
        return []
    registrations = Registration.objects.filter(event_id=event.canonical.pk, awaiting_acceptance=False)
    people = matching(Person.objects.filter(pk__in=registrations.values("person_id")), query)
    found = registrations.filter(person__in=people).select_related("person", "event")
    return list(found.order_by("person__name", "pk")[:SEARCH_LIMIT])
