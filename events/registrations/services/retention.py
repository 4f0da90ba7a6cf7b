"""Erasing what an event collected about people once its organisers' retention period has
ended: ``RegistrationSettings.retention_days`` after the event's end (none set: kept).

What goes, for an event whose retention has ended:

* the answers to its registration questions (``Registration.answers``) on every one of its
  registrations;
* what other apps hold of them (the ``registrations_erase_personal_data`` hooks): the text
  participants typed in their evaluation's answers, the online-meeting reports uploaded for
  the event (what the meeting tool wrote of everyone in the meeting);
* the reasons organisers wrote to its participants when declining or cancelling their
  registrations (``StatusChange.reason``: free text, which may name personal matters);
* who received each message its organisers wrote to participants (the links from
  ``EventMessage`` to the registrations): a message sent to the list filtered by an answer
  would otherwise keep that answer. The messages themselves stay, with how many received
  them: they are the organisers' words to everyone chosen, not anyone's personal data;
* its invitations (the addresses and names of the people invited, registered or not): the
  registrations made with them stay;
* the phone and gender of each person registered for it, unless something still kept needs
  them: a registration for another event whose retention has not ended (or that keeps its
  data: no period set, no registration settings), a place in such an event's agenda, or a
  public profile in the directory (listed by consent or a published source, where the gender
  words their role). Such a person keeps both, for every event, until the last event that
  needs them ends its retention; that event's erasure takes them. A phone is one number for
  all of a person's events, so it is kept whole or erased whole, never "for one event". An
  account of their own does not keep them: the profile asks for both for the events one
  registers for (the organisers' eyes only, the reports' counts), and the next registration
  may give them again.

What stays: every registration with its status, history, reference and role, the attendance
records and certificates, and the person's name, email, country, governorate and
organisation, so the event's counts, its report, its attendee list and the verification of
its certificates keep working. The report's gender chart is kept as counts taken just before
(``kept_figures``, filled by the ``registrations_figures_to_keep`` hooks).

``due`` says what a run would erase, changing nothing; ``erase`` erases one event in a
transaction of its own that locks the event's settings row (as registering does), then the
people concerned, then decides who is still needed, then writes. Someone registering for
another event at that moment is either seen as needed or registers after the erasure. An
event is done when nothing of it is left to erase: a second run finds nothing, and one after
a late import or a profile made private takes only what is new. ``personal_data_erased_at``
records the first erasure for the report; each erasure is written to the event's audit log.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.records import locked
from events import audit
from events.models import SessionSpeaker
from events.registrations.models import (
    EventMessage,
    Invitation,
    Registration,
    RegistrationSettings,
    StatusChange,
)
from network.models import Person

from .errors import RegistrationError
from .lifecycle import lock_settings

# Other apps keep counts an erasure would change: each hook takes the event (its canonical
# page) before anything is erased and returns a JSON-ready dict, stored in ``kept_figures``.
KEEP_FIGURES_HOOK = "registrations_figures_to_keep"
# Other apps erase what they hold of the event's people with the rest: each hook takes the
# event's canonical page id, erases inside the erasure's transaction and returns how many of its
# records it changed (the evaluation: the text participants typed in their answers).
ERASE_HOOK = "registrations_erase_personal_data"


@dataclass
class Erasure:
    """What an event's erasure takes (or took): ``answers``, registrations whose answers go;
    ``reasons``, organisers' reasons written to participants; ``recipients``, the links from
    its messages to those who received them; ``phones`` and ``genders``, people whose phone or
    gender goes; ``registrations``, the event's registrations touched by answers, phones or
    genders."""

    event_id: int
    title: str
    retention_ended_at: datetime
    first: bool  # the event's personal data had not been erased before
    answers: int = 0
    phones: int = 0
    genders: int = 0
    reasons: int = 0
    recipients: int = 0
    invitations: int = 0
    registrations: int = 0
    other: int = 0  # records other apps changed (``ERASE_HOOK``)

    @property
    def empty(self):
        return not (self.answers or self.phones or self.genders or self.reasons or self.recipients or self.invitations)


@dataclass
class _Scope:
    """The events whose retention has ended at ``now``: their settings, most recently ended
    first, and their pages' ids and translation keys."""

    now: datetime
    ended: list

    @property
    def event_ids(self):
        return [settings.event_id for settings in self.ended]

    @property
    def keys(self):
        return [settings.event_key for settings in self.ended]


def _scope(now):
    rows = (
        RegistrationSettings.objects.filter(retention_days__isnull=False)
        .annotate(event_end=F("event__end"), event_key=F("event__translation_key"), event_title=F("event__title"))
        .only("pk", "event_id", "retention_days", "personal_data_erased_at")
    )
    ended = [settings for settings in rows if settings.retention_ends_at() < now]
    ended.sort(key=lambda settings: (settings.event_end, settings.pk), reverse=True)
    return _Scope(now, ended)


def _not_needed(people, scope):
    """``people`` (a ``Person`` queryset) without those something still kept needs: a public
    profile, a registration for an event outside ``scope``, a place in such an event's agenda."""
    elsewhere = Registration.objects.filter(person=OuterRef("pk")).exclude(event_id__in=scope.event_ids)
    speaking = SessionSpeaker.objects.filter(person=OuterRef("pk")).exclude(
        session__page__translation_key__in=scope.keys
    )
    return people.filter(public_profile=False).filter(~Exists(elsewhere), ~Exists(speaking))


def _registered_with_data(event_ids):
    """The people registered for any of ``event_ids`` who still have a phone or a gender."""
    registered = Registration.objects.filter(event_id__in=event_ids).values("person_id")
    return Person.objects.filter(pk__in=registered).exclude(phone="", gender="")


def due(now=None):
    """What a run at ``now`` would erase, per event, most recently ended first, changing
    nothing: events whose retention has ended and that were never erased or hold something
    erasable again. A person registered for several of them is counted at the one that
    ended last, where ``erase`` (run in this order) takes them. Six queries, whatever the
    number of events."""
    scope = _scope(now or timezone.now())
    if not scope.ended:
        return []
    ids = scope.event_ids
    answers = dict(
        Registration.objects.filter(event_id__in=ids)
        .exclude(answers={})
        .values_list("event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reasons = dict(
        StatusChange.objects.filter(registration__event_id__in=ids)
        .exclude(reason="")
        .values_list("registration__event_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    recipients = dict(_message_recipients(ids).values_list("eventmessage__event_id").annotate(n=Count("pk")).order_by())
    invitations = dict(
        Invitation.objects.filter(event_id__in=ids).values_list("event_id").annotate(n=Count("pk")).order_by()
    )
    erasable = _not_needed(_registered_with_data(ids), scope)
    rows = Registration.objects.filter(event_id__in=ids, person__in=erasable.values("pk")).values_list(
        "event_id", "person_id", "person__phone", "person__gender", "answers"
    )
    people_of, registrations_of = {}, {}
    for event_id, person_id, phone, gender, answered in rows:
        people_of.setdefault(event_id, {})[person_id] = (bool(phone), bool(gender))
        registrations_of.setdefault(event_id, []).append((person_id, bool(answered)))
    erasures, taken = [], set()
    for settings in scope.ended:
        erasure = _erasure(settings)
        erasure.answers = answers.get(settings.event_id, 0)
        erasure.reasons = reasons.get(settings.event_id, 0)
        erasure.recipients = recipients.get(settings.event_id, 0)
        erasure.invitations = invitations.get(settings.event_id, 0)
        mine = {pk: data for pk, data in people_of.get(settings.event_id, {}).items() if pk not in taken}
        taken.update(mine)
        erasure.phones = sum(1 for phone, _gender in mine.values() if phone)
        erasure.genders = sum(1 for _phone, gender in mine.values() if gender)
        # Touched: the registrations with answers, and those of the people erased here.
        erasure.registrations = erasure.answers + sum(
            1 for pk, answered in registrations_of.get(settings.event_id, ()) if pk in mine and not answered
        )
        if erasure.first or not erasure.empty:
            erasures.append(erasure)
    return erasures


def _message_recipients(event_ids):
    """The links from the messages of ``event_ids`` to the registrations they went to."""
    return EventMessage.registrations.through.objects.filter(eventmessage__event_id__in=event_ids)


def _erasure(settings):
    return Erasure(
        event_id=settings.event_id,
        title=settings.event_title,
        retention_ended_at=settings.retention_ends_at(),
        first=settings.personal_data_erased_at is None,
    )


def _locked_people(event_id):
    """The people registered for the event who still have a phone or a gender, locked (on
    PostgreSQL) so that no one registers them elsewhere between the check and the erasure."""
    people = _registered_with_data([event_id])
    list(locked(people).values_list("pk", flat=True))
    return people


def erase(event_id, *, by=None, now=None):
    """Erases what the retention period of the event (its canonical page's id) no longer
    allows, and returns the ``Erasure``. Refuses with a ``RegistrationError``: ``not_ended``
    while the period runs or when none is set; ``not_offered``, ``busy`` (see
    ``lock_settings``)."""
    now = now or timezone.now()
    with transaction.atomic():
        settings = lock_settings(event_id)
        scope = _scope(now)
        ended = next((found for found in scope.ended if found.event_id == settings.event_id), None)
        if ended is None:
            raise RegistrationError(_("The retention period of this event has not ended."), "not_ended")
        erasure = _erasure(ended)
        try:
            people = _not_needed(_locked_people(settings.event_id), scope)
        except OperationalError as error:
            raise RegistrationError(
                _("The records of this event's people are being changed right now. Please try again later."), "busy"
            ) from error
        person_ids = list(people.values_list("pk", flat=True))
        registrations = Registration.objects.filter(event_id=settings.event_id)
        erasure.registrations = registrations.filter(~Q(answers={}) | Q(person_id__in=person_ids)).count()
        if erasure.first:
            settings.kept_figures = _figures_to_keep(settings)
        erasure.answers = registrations.exclude(answers={}).update(answers={})
        erasure.reasons = (
            StatusChange.objects.filter(registration__event_id=settings.event_id).exclude(reason="").update(reason="")
        )
        erasure.recipients = _message_recipients([settings.event_id]).delete()[0]
        erasure.invitations = Invitation.objects.filter(event_id=settings.event_id).delete()[0]
        erased = Person.objects.filter(pk__in=person_ids)
        erasure.phones = erased.exclude(phone="").update(phone="")
        erasure.genders = erased.exclude(gender="").update(gender="")
        erasure.other = sum(hook(settings.event_id) for hook in hooks.get_hooks(ERASE_HOOK))
        if erasure.first:
            settings.personal_data_erased_at = now
            settings.save(update_fields=["personal_data_erased_at", "kept_figures"])
        if erasure.first or not erasure.empty:
            audit.record(
                settings.event,
                audit.ERASE,
                by,
                rows=erasure.registrations,
                answers=erasure.answers,
                reasons=erasure.reasons,
                message_recipients=erasure.recipients,
                invitations=erasure.invitations or None,
                phones=erasure.phones,
                genders=erasure.genders,
                other=erasure.other or None,
                retention_days=ended.retention_days,
                retention_ended=erasure.retention_ended_at.isoformat(),
            )
    return erasure


def _figures_to_keep(settings):
    kept = dict(settings.kept_figures or {})
    for hook in hooks.get_hooks(KEEP_FIGURES_HOOK):
        kept.update(hook(settings.event))
    return kept


def erasure_note(settings):
    """The sentence an event's report shows once its personal data was erased, in the active
    language; "" before."""
    if settings is None or settings.personal_data_erased_at is None:
        return ""
    day = date_format(timezone.localtime(settings.personal_data_erased_at), "j F Y")
    return gettext(
        "The answers to the registration questions were erased on %(date)s, when the retention period set for "
        "this event ended, with the phones and gender of the people registered that no other event still needs. "
        "The gender figures are those counted before."
    ) % {"date": day}
