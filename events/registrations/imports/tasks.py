"""A confirmed registration import: within the request for a short list, by a background task
for a long one (its page waits for the outcome). Both go through ``import_sheet``, which
imports, remembers the columns' mapping and writes the audit entry."""

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from core.errors import DomainError
from core.tasks import reported
from events import audit
from events.models import EventPage
from events.permissions import can_manage_event
from network.imports import storage

from . import service

# A list of up to this many rows is imported within the request; a longer one by a task.
IN_REQUEST = 300


def storage_kind(event):
    """What the uploaded file waits under between the import's steps (one event, one staff member)."""
    return f"registrations-{event.pk}"


def import_sheet(event, name, sheet, mapping, options, user):
    """Imports ``sheet`` (``service.apply``, which refuses with a ``RegistrationError``),
    remembers its mapping for the event's next import and records it in the audit log;
    returns how many registrations were made."""
    created = service.apply(event, sheet, mapping, by=user, **options)
    service.remember(event, mapping, by=user)
    audit.record(
        event,
        audit.IMPORT,
        user,
        rows=len(created),
        file=name,
        columns={header: key for header, key in mapping.items() if key},
        emails=options["send_emails"],
        beyond_capacity=options["override_capacity"],
    )
    return len(created)


def imported_message(count, name):
    return ngettext(
        "%(count)s registration imported from %(file)s.",
        "%(count)s registrations imported from %(file)s.",
        count,
    ) % {"count": count, "file": name}


@task()
def import_registrations(event_id, token, mapping, options, user_id, language):
    """A long list confirmed by ``user_id`` (still allowed to manage the event's registrations
    when it runs), in their ``language``. Not tried again by itself: the import writes all or
    nothing, and its page says what to do."""
    with translation.override(language):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        page = EventPage.objects.filter(pk=event_id).first()
        event = page.canonical if page is not None else None
        if user is None or event is None or not can_manage_event(user, event):
            return reported(False, _("You may no longer import registrations into this event."))
        try:
            name, content = storage.load(token, storage_kind(event), user)
            count = import_sheet(event, name, service.read(name, content), mapping, options, user)
        except DomainError as error:
            return reported(False, error.message)
        storage.discard(token)
        return reported(True, imported_message(count, name), count=count)
