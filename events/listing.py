"""The events index: filtered upcoming events, a paginated archive of past ones, a month view.

A fixed number of queries whatever the number of events: one per filter vocabulary, one
count and one page per section, image renditions prefetched.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import QueryDict
from django.utils import dates as django_dates
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.paging import page_of
from events.filters import MONTH_FORMAT, EventFilterForm, apply_filters
from events.models.agenda import Session
from events.queries import public_events

PER_PAGE = 12


def query_string(params, **changes):
    """The current query string with ``changes`` applied (None removes a key)."""
    query = QueryDict(mutable=True)
    for key, value in {**params, **changes}.items():
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass
class MonthDay:
    date: date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


def month_grid(events, month_start, session_days=None):
    """Weeks of the month (first weekday per the active language), each day with its events:
    an event with sessions on the days of its sessions (a weekly programme on its weeks' days,
    not every day between its first and last), any other on every day it spans."""
    first_weekday = (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(month_start.year, month_start.month)
    today = timezone.localdate()
    days = {d: MonthDay(d, d.month == month_start.month, d == today) for week in weeks for d in week}
    session_days = session_days or {}
    for event in events:
        if session_days.get(event.pk):
            shown = sorted(session_days[event.pk])
        else:
            first, last = event.local_start.date(), event.local_end.date()
            shown = [first + timedelta(days=number) for number in range((last - first).days + 1)]
        for day in shown:
            if day in days:
                days[day].events.append(event)
    headers = [str(django_dates.WEEKDAYS_ABBR[(first_weekday + i) % 7]) for i in range(7)]
    return {"headers": headers, "weeks": [[days[d] for d in week] for week in weeks]}


def _session_days(events):
    """``{event id: {days of its sessions where the event takes place}}``, in one query."""
    zones = {event.pk: event.zone for event in events}
    found = {}
    for page_id, start in Session.objects.filter(page_id__in=zones).values_list("page_id", "start"):
        found.setdefault(page_id, set()).add(timezone.localtime(start, zones[page_id]).date())
    return found


def month_view(events, form, params):
    month_start = form.valid("month") or timezone.localdate()
    month_start = month_start.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    previous_month = (month_start - timedelta(days=1)).replace(day=1)
    tz = timezone.get_current_timezone()
    window_start = datetime.combine(month_start - timedelta(days=7), time.min, tz)
    window_end = datetime.combine(next_month + timedelta(days=7), time.min, tz)
    in_window = list(events.filter(start__lt=window_end, end__gte=window_start).order_by("start", "pk")[:300])
    grid = month_grid(in_window, month_start, _session_days(in_window))
    in_month = [
        event for event in in_window if event.local_start.date() < next_month and event.local_end.date() >= month_start
    ]
    return {
        "month": month_start,
        "month_label": formats.date_format(month_start, "F Y"),
        "grid": grid,
        "month_events": in_month,
        "previous_month_url": query_string(params, month=previous_month.strftime(MONTH_FORMAT)),
        "next_month_url": query_string(params, month=next_month.strftime(MONTH_FORMAT)),
    }


def index_context(index_page, request):
    from wagtail.models import Locale

    base = public_events(Locale.get_active()).child_of(index_page)
    form = EventFilterForm(request.GET or None, base)
    filters = form.active_filters
    events = apply_filters(base, filters)
    params = {key: value for key, value in request.GET.items() if key in form.fields and key not in form.errors}
    context = {
        "filter_form": form,
        "filters_active": bool(filters),
        "ignored_filters": form.ignored,
        "view": form.valid("view") or "list",
        "list_url": query_string(params, view=None, month=None),
        "month_url": query_string(params, view="month", page=None, archive=None),
    }
    if context["view"] == "month":
        context.update(month_view(events, form, params))
        return context
    now = timezone.now()
    no_such_page = _("There is no such page of events.")
    upcoming = page_of(request, events.filter(end__gte=now).order_by("start", "pk"), PER_PAGE, message=no_such_page)
    past = page_of(
        request,
        events.filter(end__lt=now).order_by("-start", "-pk"),
        PER_PAGE,
        message=no_such_page,
        parameter="archive",
        fragment="#past",
    )
    context.update(
        {
            "upcoming": upcoming,
            "past": past,
            "upcoming_pages": page_links(upcoming, params, "page", "archive", request.GET.get("archive")),
            "past_pages": page_links(past, params, "archive", "page", request.GET.get("page")),
        }
    )
    return context


def page_links(page, params, key, other_key, other_value):
    if page.paginator.num_pages < 2:
        return []
    base = {**params, other_key: other_value}
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"number": number, "url": None, "current": False})
        else:
            links.append(
                {"number": number, "url": query_string(base, **{key: number}), "current": number == page.number}
            )
    return links
