"""A person's registration for an event, and the history of its status."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.text import search_text

# Crockford's base32 without the letters people misread (I, L, O, U).
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 12


def new_reference():
    """An unguessable reference: 12 symbols of 5 bits, 60 bits of randomness."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")


ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class ParticipantRole(models.TextChoices):
    """What a person is at the event, printed on their badge in its colour."""

    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    ORGANISER = "organiser", pgettext_lazy("participant role", "Organiser")
    PRESS = "press", _("Press")
    DELEGATION = "delegation", _("Delegation")


class RegistrationSource(models.TextChoices):
    ONLINE = "online", _("Online")
    STAFF = "staff", _("Added by staff")
    IMPORT = "import", _("Imported")


# The waiting list's order: who joined it first, then the older record. Promotion, the
# positions participants and staff see, and the lists all read it from here.
WAITLIST_ORDER = ("queued_at", "pk")


def _ahead_of(queued_at, pk):
    """Registrations of the same waiting list ahead of one queued at ``queued_at`` with ``pk``
    (values or ``OuterRef``s), in ``WAITLIST_ORDER``."""
    return Q(queued_at__lt=queued_at) | Q(queued_at=queued_at, pk__lt=pk)


class RegistrationQuerySet(models.QuerySet):
    def waiting(self, event_id):
        """The event's waiting list, next to be promoted first."""
        return self.filter(event_id=event_id, status=RegistrationStatus.WAITLISTED).order_by(*WAITLIST_ORDER)

    def with_waitlist_position(self):
        """Annotates ``position``: the place in its event's waiting list (1 = next), for every
        registration (meaningful for waitlisted ones), in one query."""
        ahead = (
            Registration.objects.filter(event_id=OuterRef("event_id"), status=RegistrationStatus.WAITLISTED)
            .filter(_ahead_of(OuterRef("queued_at"), OuterRef("pk")))
            .order_by()
            .values("event_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(position=Coalesce(Subquery(ahead), Value(0)) + 1)


class Registration(models.Model):
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference, editable=False)
    source = models.CharField(
        _("source"), max_length=20, choices=RegistrationSource.choices, default=RegistrationSource.ONLINE
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="ar")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    queued_at = models.DateTimeField(
        _("joined the waiting list"), null=True, blank=True, help_text=_("Orders the waiting list.")
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Added by an organiser for someone they named by email: until that person accepts it in
    # "My events", staff see only what they typed (``entered_*``), nothing from the directory.
    awaiting_acceptance = models.BooleanField(_("awaiting the participant's acceptance"), default=False)
    entered_email = models.EmailField(_("email entered by staff"), blank=True)
    entered_name = models.CharField(_("name entered by staff"), max_length=255, blank=True)
    entered_name_ar = models.CharField(_("Arabic name entered by staff"), max_length=255, blank=True)
    # The entered names folded like the directory's (network.text), so the organisers' search
    # finds «أحمد» when they type «احمد» without ever reading the directory's record.
    entered_search_text = models.TextField(editable=False, blank=True, default="")
    # The registration whose place this one took: an organiser gave that one's seat, place on
    # the waiting list or request for approval to this person (``services.replace``).
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("in place of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        editable=False,
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        permissions = [("manage_registrations", _("Can see and manage the registrations of events"))]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="registration_event_status"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.person}"

    def set_derived_fields(self):
        """The fields worked out from others: the search text of the names an organiser typed.
        All ``save`` adds to Django's, so that ``core.compiled.insert`` may stand for it."""
        self.entered_search_text = search_text(self.entered_name, self.entered_name_ar)

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"entered_name", "entered_name_ar"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "entered_search_text"}
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def is_confirmed(self):
        return self.status == RegistrationStatus.CONFIRMED

    def waitlist_position(self):
        """1 for the next person to be promoted; None when not waiting."""
        if self.status != RegistrationStatus.WAITLISTED:
            return None
        return Registration.objects.waiting(self.event_id).filter(_ahead_of(self.queued_at, self.pk)).count() + 1


# The longest reason an organiser may give the participant for declining or cancelling.
REASON_MAX_LENGTH = 500


class ServiceNote:
    """The notes the services write themselves, stored in English for the record; the history
    shows them to the organisers in their language (``SERVICE_NOTES``). ``register`` joins
    several with "; "."""

    BEYOND_CAPACITY = "beyond capacity"
    APPROVAL_SKIPPED = "approval skipped by staff"
    FROM_WAITING_LIST = "waiting list"
    APPROVED_NO_SEAT = "approved, no seat free"
    ACCEPTED_BY_PARTICIPANT = "accepted by the participant"
    REPLACED = "place given to someone else"
    IN_PLACE_OF = "in the place of another participant"


SERVICE_NOTES = {
    ServiceNote.BEYOND_CAPACITY: _("beyond capacity"),
    ServiceNote.APPROVAL_SKIPPED: _("approval skipped by staff"),
    ServiceNote.FROM_WAITING_LIST: _("from the waiting list"),
    ServiceNote.APPROVED_NO_SEAT: _("approved, no seat free"),
    ServiceNote.ACCEPTED_BY_PARTICIPANT: _("accepted by the participant"),
    ServiceNote.REPLACED: _("place given to someone else"),
    ServiceNote.IN_PLACE_OF: _("in the place of another participant"),
}


class StatusChange(models.Model):
    """Every status a registration has had, when, and who changed it (empty: the participant
    themselves or the system). ``note`` is for the organisers (the services write their own);
    ``reason`` is only ever what an organiser typed for the participant, and is the one the
    participant's email quotes."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=20, choices=RegistrationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RegistrationStatus.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    reason = models.CharField(_("reason given to the participant"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.registration_id}: {self.from_status or '—'} → {self.to_status}"

    @property
    def shown_note(self):
        """The note in the reader's language where the services wrote it; as typed otherwise."""
        if not self.note:
            return ""
        return "; ".join(str(SERVICE_NOTES.get(part, part)) for part in self.note.split("; "))


class AnswerChange(models.Model):
    """A change to a registration's answers: which questions (their ``clean_name``, never the
    answers given), when, and whose account made it: the participant's own, or an organiser's
    (empty once that account is deleted).

    A model of its own rather than a ``StatusChange`` whose status stays the same, because
    several readers take every status change for a move between statuses: the participant's
    email and page quote the reason of the latest change *to* "cancelled" or "declined" (a row
    for changed answers would hide it), the attendance app adds a person to the event's networks
    when a change *to* "confirmed" is created, and the staff API lists the statuses. The
    organisers' page of the registration shows both, in one history."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answer_changes")
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    questions = models.JSONField(_("questions changed"), default=list)

    class Meta:
        verbose_name = _("change of answers")
        verbose_name_plural = _("changes of answers")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.registration_id}: {', '.join(self.questions)}"

    @property
    def by_participant(self):
        """Whether the participant made this change from their own account (else the organisers)."""
        return self.by_id is not None and self.by_id == self.registration.person.user_id
