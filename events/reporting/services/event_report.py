"""An event's report: who registered and when, what became of their registrations, who came
to each day or session, and who the participants were — by gender, country, governorate, kind
of organisation and role —, how many were new to the event's networks and how many received
a certificate.

Counts only, never a name, and every count from a grouped query: the report of an event with
5,000 registrations costs the same few queries as one with 50.

The breakdowns describe the event's participants (people who attended at least once, as the
event's published figures do); before anyone has attended, they describe the confirmed
registrations instead, and the report says which."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail import hooks

from core.text import separator
from events.attendance.figures import event_figures, participants, places, slot_rows
from events.attendance.models import Attendance, Certificate, SlotUnit
from events.attendance.slots import plan_for, slots_for
from events.dates import clock
from events.registrations.models import ParticipantRole, Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.retention import erasure_note
from network.geography import Governorate
from network.models import Affiliation, Person
from network.models.base import Gender, OrganisationKind
from network.people import MAIN_AFFILIATION_ORDER

# Other apps add key figures to an event's report: each hook takes the event (its canonical
# page) and returns ``[(label, value)]`` in the active language, ``[]`` when it has none.
REPORT_FIGURES_HOOK = "event_report_figures"

PARTICIPANTS = "participants"
CONFIRMED = "confirmed"


@dataclass
class Row:
    label: str
    count: int
    percent: int = 0
    short: str = ""  # the label beside a chart's bar, when the full one is too long for it


@dataclass
class Breakdown:
    """One chart of the report: its rows in the order shown, and what each percent is of."""

    key: str
    title: str
    rows: list
    unit: str = "count"  # "percent": the rows' counts are rates

    @property
    def total(self):
        return sum(row.count for row in self.rows)


@dataclass
class Day:
    day: date
    registered: int
    cumulative: int


@dataclass
class EventReport:
    event: object
    base: str  # PARTICIPANTS or CONFIRMED: whom the breakdowns describe
    people: int
    registered: int
    confirmed: int
    capacity: int | None
    timeline: list
    statuses: Breakdown
    slots: Breakdown
    breakdowns: list
    countries: int
    governorates: int
    networks: list = field(default_factory=list)  # [(network, new, returning)]
    certificates: int = 0
    erasure_note: str = ""  # once the event's personal data was erased (registrations' retention)
    # What other apps add to the key figures (the evaluation's responses and ratings): [(label, value)].
    more_figures: list = field(default_factory=list)

    @property
    def capacity_used(self):
        """Confirmed registrations as a whole percent of the capacity, or ``None`` without one."""
        if not self.capacity:
            return None
        return round(100 * self.confirmed / self.capacity)

    @property
    def charts(self):
        """Every breakdown of the report in the order the page, the PDF and the workbook show them."""
        return [self.statuses, self.slots, *self.breakdowns]


NOT_GIVEN = _("Not given")


def rows_of(counts, label_of):
    """``counts`` ({value: n}) as rows, the largest first, "not given" last, each with its share."""
    total = sum(counts.values()) or 1
    given = sorted(((str(label_of(value)), n) for value, n in counts.items() if value), key=lambda p: (-p[1], p[0]))
    missing = sum(n for value, n in counts.items() if not value)
    rows = [Row(label, n, round(100 * n / total)) for label, n in given]
    if missing:
        rows.append(Row(str(NOT_GIVEN), missing, round(100 * missing / total)))
    return rows


def grouped(queryset, field_name):
    return dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk")))


def choice_label(choices):
    labels = dict(choices)
    return lambda value: labels.get(value, value)


def _timeline(event):
    """Registrations per day (in the event's time zone), and the running total."""
    per_day = (
        Registration.objects.filter(event_id=event.pk)
        .annotate(day=TruncDate("created_at", tzinfo=event.zone))
        .order_by()
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    days, total = [], 0
    for day, count in per_day:
        total += count
        days.append(Day(day, count, total))
    return days


def _organisation_kinds(people):
    """People by the kind of their main organisation (network.people's choice of it)."""
    main = Affiliation.objects.filter(person=OuterRef("pk")).order_by(*MAIN_AFFILIATION_ORDER)
    kinds = people.annotate(kind=Subquery(main.values("organisation__kind")[:1]))
    return dict(kinds.order_by().values_list("kind").annotate(n=Count("pk")))


def people_breakdowns(people, genders=None):
    """The gender, country and (in Iraq) governorate breakdowns of ``people``, a queryset of
    persons: the ones every report has, an event's or a programme's. ``genders`` ({value: n})
    are counts kept from before the genders were erased, used instead of counting ``people``."""
    names = dict(countries)
    genders = grouped(people, "gender") if genders is None else genders
    return [
        Breakdown("gender", _("Gender"), rows_of(genders, choice_label(Gender.choices))),
        Breakdown("country", _("Country"), rows_of(grouped(people, "country"), lambda code: names.get(code, code))),
        Breakdown(
            "governorate",
            _("Governorate (Iraq)"),
            rows_of(grouped(people.filter(country="IQ"), "governorate"), choice_label(Governorate.choices)),
        ),
    ]


def _breakdowns(people, described, genders=None):
    """Who the participants were: ``people`` (a queryset of persons) and ``described`` (their
    registrations, for the role they had)."""
    by_kind = choice_label(OrganisationKind.choices)
    by_role = choice_label(ParticipantRole.choices)
    return [
        *people_breakdowns(people, genders),
        Breakdown("organisation_kind", _("Kind of organisation"), rows_of(_organisation_kinds(people), by_kind)),
        Breakdown("role", _("Role at the event"), rows_of(grouped(described, "role"), by_role)),
    ]


def slot_name(slot):
    """A slot as a chart names it: its day ("3 شباط"), and for a session its start too."""
    local = timezone.localtime(slot.start, slot.zone)
    name = date_format(local, "j F")
    return name if slot.kind == SlotUnit.DAY else f"{name}{separator()}{clock(local)}"


def _status_rows(statuses):
    """Registrations by status, in the order a registration moves through them."""
    total = sum(statuses.values()) or 1
    return [
        Row(str(label), statuses[value], round(100 * statuses[value] / total))
        for value, label in RegistrationStatus.choices
        if statuses.get(value)
    ]


def _described(event, registrations):
    """``(base, people, described)``: whom the breakdowns describe — the participants, or
    before anyone attended the confirmed registrations —, as persons and as registrations."""
    attended = Attendance.objects.filter(event_id=event.pk)
    if attended.exists():
        return PARTICIPANTS, participants(event), registrations.filter(pk__in=attended.values("registration_id"))
    described = registrations.filter(status=RegistrationStatus.CONFIRMED)
    return CONFIRMED, Person.objects.filter(pk__in=described.values("person_id")), described


def gender_counts(event):
    """The gender counts of the people the report of ``event`` (its canonical page) describes,
    kept on its registration settings just before its genders are erased, so that its report
    shows the same chart after (events/registrations/services/retention.py)."""
    base, people, _described_registrations = _described(event, Registration.objects.filter(event_id=event.pk))
    return {"gender": {"base": base, "counts": grouped(people, "gender")}}


def _kept_genders(settings, base):
    """The gender counts kept when the event's genders were erased, if they describe ``base``."""
    kept = (settings.kept_figures or {}).get("gender") if settings else None
    return kept["counts"] if kept and kept.get("base") == base else None


def event_report(event):
    """The report of ``event`` (any language version), in the active language."""
    event = event.canonical
    registrations = Registration.objects.filter(event_id=event.pk)
    statuses = grouped(registrations, "status")
    confirmed = statuses.get(RegistrationStatus.CONFIRMED, 0)
    settings = (
        RegistrationSettings.objects.filter(event_id=event.pk)
        .only("capacity", "personal_data_erased_at", "kept_figures")
        .first()
    )
    slots = slot_rows(event, slots_for(event.localized, plan_for(event)), confirmed)

    base, people, described = _described(event, registrations)
    if base == PARTICIPANTS:
        figures = event_figures(event)
        people_count, country_count, governorate_count = figures.participants, figures.countries, figures.governorates
        networks = [(network, counts["new"], counts["returning"]) for network, counts in figures.networks]
    else:
        people_count, (country_count, governorate_count), networks = people.count(), places(people), []
    return EventReport(
        event=event,
        base=base,
        people=people_count,
        registered=sum(statuses.values()),
        confirmed=confirmed,
        capacity=settings.capacity if settings else None,
        timeline=_timeline(event),
        statuses=Breakdown("status", _("Registrations by status"), _status_rows(statuses)),
        slots=Breakdown(
            "slots",
            _("Attendance rate by day or session"),
            [Row(row["slot"].label, row["present"], row["rate"], slot_name(row["slot"])) for row in slots],
            unit="percent",
        ),
        breakdowns=_breakdowns(people, described, _kept_genders(settings, base)),
        countries=country_count,
        governorates=governorate_count,
        networks=networks,
        certificates=Certificate.objects.filter(registration__event_id=event.pk, revoked_at__isnull=True).count(),
        erasure_note=erasure_note(settings),
        more_figures=[figure for hook in hooks.get_hooks(REPORT_FIGURES_HOOK) for figure in hook(event)],
    )
