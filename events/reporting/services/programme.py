"""Reports across several events, as funders read them: the phases of a programme (the events
tied to one network), everything a network's events held in a year, or every event an
organisation organised — unique participants, how many came to more than one event, new
members per event, countries, governorates, gender, certificates and hours of training — and
the sentence written from those figures in both languages.

Only the events the user may report on are counted (the reports policy's filter), so two staff
members asking for the same network may read different totals, each true for what they see.
The figures over all the events come from grouped queries; each event adds the few of its own
row (its slots and its new members)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from events.attendance.figures import places
from events.attendance.models import Attendance, Certificate
from events.attendance.slots import plan_for, slots_for
from events.models import EventPage, PartnerRole
from events.permissions import reports_policy
from events.queries import of_network, with_organisation
from network.membership import new_and_returning
from network.models import Person

from .event_report import people_breakdowns

ORGANISING = (PartnerRole.ORGANISER, PartnerRole.CO_ORGANISER)


@dataclass
class EventRow:
    event: object
    participants: int
    new_members: int | None
    hours: float


@dataclass
class ProgrammeReport:
    events: list
    participants: int
    repeat: int  # people who took part in more than one of the events
    countries: int
    governorates: int
    certificates: int
    hours: float
    network: object = None
    new_members: int | None = None
    breakdowns: list = field(default_factory=list)

    def sentence(self, language):
        """ "72 participants from 8 countries, 60 of them new members of the network", in
        ``language``."""
        with translation.override(language):
            people = ngettext("%(count)s participant", "%(count)s participants", self.participants) % {
                "count": self.participants
            }
            countries = ngettext("%(count)s country", "%(count)s countries", self.countries) % {"count": self.countries}
            text = _("%(people)s from %(countries)s") % {"people": people, "countries": countries}
            if self.network is not None:
                new = ngettext(
                    "%(count)s of them a new member of the network",
                    "%(count)s of them new members of the network",
                    self.new_members,
                ) % {"count": self.new_members}
                text = _("%(sentence)s, %(new)s") % {"sentence": text, "new": new}
            return text


def scope(user, network=None, organisation=None, year=None):
    """The events (default-language pages, in time order) the report covers: those whose
    attendance plan names ``network`` (a programme's phases), or that ``organisation`` organised
    or co-organised, in ``year`` when given — and of those, only the ones ``user`` may report on."""
    events = EventPage.objects.filter(locale=Locale.get_default())
    if network is not None:
        events = of_network(events, network)
    if organisation is not None:
        events = with_organisation(events, organisation, ORGANISING)
    if year:
        events = events.filter(start__year=year)
    return list(reports_policy.events_for_user(user, events).order_by("start", "pk"))


def _hours(event):
    """Hours of training the event delivered: the length of its days or sessions."""
    return sum(slot.minutes for slot in slots_for(event.localized, plan_for(event))) / 60


def programme_report(events, network=None):
    """The report over ``events`` (``scope``'s list); new members are counted for ``network``."""
    ids = [event.pk for event in events]
    attended = Attendance.objects.filter(event_id__in=ids)
    people = Person.objects.filter(pk__in=attended.values("registration__person_id"))
    per_event = dict(
        attended.order_by().values_list("event_id").annotate(n=Count("registration__person_id", distinct=True))
    )
    person_ids = list(people.values_list("pk", flat=True))
    repeat = (
        attended.order_by()
        .values("registration__person_id")
        .annotate(n=Count("event_id", distinct=True))
        .filter(n__gte=2)
        .count()
    )
    rows = []
    for event in events:
        new = None
        if network is not None:
            present = attended.filter(event_id=event.pk).values_list("registration__person_id", flat=True).distinct()
            new = new_and_returning(network, list(present), on_date=event.local_start.date())["new"]
        rows.append(EventRow(event, per_event.get(event.pk, 0), new, _hours(event)))
    countries, governorates = places(people)
    new_members = None
    if network is not None:
        first_day = events[0].local_start.date() if events else None
        new_members = new_and_returning(network, person_ids, on_date=first_day)["new"] if person_ids else 0
    return ProgrammeReport(
        events=rows,
        participants=len(person_ids),
        repeat=repeat,
        countries=countries,
        governorates=governorates,
        certificates=Certificate.objects.filter(registration__event_id__in=ids, revoked_at__isnull=True).count(),
        hours=sum(row.hours for row in rows),
        network=network,
        new_members=new_members,
        breakdowns=people_breakdowns(people),
    )
