"""The filters of an event's registrations list. Exports and bulk actions on "all in the
listing" apply the same filter set, so they act on exactly the rows the organiser sees.

The filter set is made per event (``filterset_for``): the answers to its choice questions are
filters, and other apps add theirs through the ``registration_list_filters`` hook — the
attendance app's "attended / no-show / present at a slot" — each hook answering
``fn(event)`` with ``{name: django_filters.Filter}``."""

from urllib.parse import urlencode

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from events.registrations.models import (
    ParticipantRole,
    QuestionType,
    Registration,
    RegistrationQuestion,
    RegistrationSource,
    RegistrationStatus,
)
from events.registrations.services.questions import YES_NO, readable_answers

from .search import search_registrations

FILTERS_HOOK = "registration_list_filters"
# The questions whose answers are a choice among a few values, and so make a filter.
CHOICE_QUESTIONS = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.YES_NO)
SEPARATOR = "="


class RegistrationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices, empty_label=_("All"))
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ParticipantRole.choices, empty_label=_("All"))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RegistrationSource.choices, empty_label=_("All"))
    awaiting_acceptance = django_filters.BooleanFilter(
        label=_("Awaiting the participant's acceptance"), widget=BooleanRadioSelect
    )

    class Meta:
        model = Registration
        fields = ["status", "role", "source", "awaiting_acceptance"]


def answer_choices(questions):
    """``[(question=value, "Question: answer")]`` of the choice questions, labels in the active
    language."""
    choices = []
    for question in questions:
        if question.field_type not in CHOICE_QUESTIONS:
            continue
        values = _values_of(question)
        for value in values:
            label = readable_answers([question], {question.clean_name: value})[0][1]
            choices.append((f"{question.clean_name}{SEPARATOR}{value}", f"{question.display_label}: {label}"))
    return choices


def _values_of(question):
    if question.field_type == QuestionType.YES_NO:
        return [value for value, _label in YES_NO]
    if question.field_type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        return [value for value, _label in question.choice_pairs()]
    return []


def filter_by_answer(queryset, name, value):
    """Registrations whose answer to the question is ``value``, or includes it when the
    question takes several (a list in the stored answers)."""
    question, _sep, answer = (value or "").partition(SEPARATOR)
    if not question or not answer:
        return queryset
    single = Q(**{f"answers__{question}": answer})
    several = Q(**{f"answers__{question}__icontains": f'"{answer}"'})
    return queryset.filter(single | several)


def filterset_for(event):
    """The filter set class of ``event``'s list: the shared filters, its answers, and those
    other apps add for it. Made once per event object: a page acting on the list reads it for
    the query it keeps, the words that describe it and the rows."""
    made = getattr(event, "_registration_filterset", None)
    if made is None:
        made = event._registration_filterset = _filterset(event)
    return made


def _filterset(event):
    questions = list(RegistrationQuestion.objects.filter(settings__event=event).order_by("sort_order", "pk"))
    extra = {}
    choices = answer_choices(questions)
    if choices:
        extra["answer"] = django_filters.ChoiceFilter(
            label=_("Answer"), choices=choices, empty_label=_("All"), method=filter_by_answer
        )
    for added in hooks.get_hooks(FILTERS_HOOK):
        extra.update(added(event))
    return type("EventRegistrationFilterSet", (RegistrationFilterSet,), extra)


# How the list may be sorted (its column headers), newest registrations first by default.
ORDERINGS = ("created_at", "-created_at", "reference", "-reference", "status", "-status")


class FiltersNotUnderstood(ValueError):
    """The list's filters in an address hold a value the list does not offer."""


def described(data, event):
    """The list's filters and search in ``data`` as the organiser chose them:
    ``[(filter's name, value's name)]`` in the active language, for a page that acts on the
    list as filtered (the export) to say which list it is."""
    form = filterset_for(event)(data=data, queryset=Registration.objects.none()).form
    shown = []
    for name, field in form.fields.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        choices = dict(getattr(field, "choices", None) or getattr(field.widget, "choices", None) or [])
        shown.append((field.label, str(choices.get(value, value))))
    if data.get("q"):
        shown.append((_("Search"), data["q"]))
    return shown


def list_query(data, event):
    """The list's filters, search and order in ``data`` (a query string) as a plain dict,
    without the rest an address may carry (page, selection, where to return): what a page that
    acts on the list as filtered keeps from one step to the next."""
    names = [*filterset_for(event).base_filters, "q", "ordering"]
    return {name: data.get(name) for name in names if data.get(name) not in (None, "")}


def filtered_list_url(event, query):
    """The address of ``event``'s list with ``query`` (its filters and search)."""
    url = reverse("registrations_admin:event", args=[event.pk])
    return f"{url}?{urlencode(query)}" if query else url


def listed(data, registrations, event):
    """``registrations`` narrowed by the list's filters and search in ``data`` (the list's
    query string), in its order: what an action on "everything listed" and an export act on.
    Raises ``FiltersNotUnderstood`` for a filter value the list does not offer (edited in the
    address), rather than acting on more than the organiser sees."""
    filters = filterset_for(event)(data=data, queryset=registrations)
    if not filters.is_valid():
        raise FiltersNotUnderstood(dict(filters.errors))
    ordering = data.get("ordering") if data.get("ordering") in ORDERINGS else "-created_at"
    return search_registrations(filters.qs, data.get("q")).order_by(ordering, "-pk")
