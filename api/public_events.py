"""Public events as the API gives them: the index's events and filters, an event's agenda,
speakers and partners as its page shows them.

Each event appears once, whatever the language asked for: its version in the site's default
language, or the version that is public where that one is not. The answer is worded from the
version in the language asked for where the event is translated into it, and gives the page of
every version. What is public (events.queries), how the index filters (events.filters) and
what a page may say of a speaker or a partner (events.presentation, events.links) are the
events app's rules; this module only words them as JSON.
"""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images.models import Filter

from api import public_errors
from api.public_directory import find
from api.public_fields import choice, country, given_values, governorate, in_each_language, picture
from api.public_paging import Listing
from api.schemas import LANGUAGE_CODES
from events.filters import FIRST_YEAR, LAST_YEAR, EventFilterForm, apply_filters
from events.links import organisation_url, person_url
from events.models.choices import EventLanguage
from events.presentation import LOGO, PHOTO, load_partners, load_sessions, speaker_entry
from events.queries import CARD_RENDITIONS, public_events, public_page, public_pages, with_organisation
from events.translation import default_language
from network.models import Organisation

LANGUAGE_NAMES = dict(EventLanguage.choices)
IMAGE = CARD_RENDITIONS[-1]  # the larger JPEG of an event card (a vector picture: its drawing)
# The renditions the event page shows (and events.presentation prefetches) at 1x.
SPEAKER_PHOTO, PARTNER_LOGO = Filter.expand_spec(PHOTO)[0], Filter.expand_spec(LOGO)[0]


def represented():
    """Every public event once: its default-language version, or where that is not public,
    the version that is."""
    default = default_language()
    public_in_default = public_pages().filter(
        locale__language_code=default, translation_key=OuterRef("translation_key")
    )
    return public_events().filter(Q(locale__language_code=default) | ~Exists(public_in_default))


def versions_of(events):
    """``{translation_key: {language: public version}}`` for ``events``, in one query."""
    versions = {event.translation_key: {event.locale.language_code: event} for event in events}
    others = public_events().filter(translation_key__in=versions).exclude(pk__in=[event.pk for event in events])
    for version in others:
        versions[version.translation_key][version.locale.language_code] = version
    return versions


# The list.


def listing(request, filters, language):
    return Listing(
        filtered(represented(), filters).order_by("start", "pk"), lambda page: summaries(request, page, language)
    )


def filtered(events, filters):
    given = given_values(filters, EventFilterForm.FILTERS)
    if given:
        form = EventFilterForm(given, events)
        if form.errors:
            raise public_errors.from_form(form)
        events = apply_filters(events, form.active_filters)
    events = in_date_range(events, filters.date_from, filters.date_to)
    if filters.organisation:
        events = with_organisation(events, partner(filters.organisation))
    if filters.language:
        # ``languages`` is a JSON list of distinct codes: one position per language the site knows.
        held_in = Q()
        for position in range(len(EventLanguage.choices)):
            held_in |= Q(**{f"languages__{position}": filters.language.value})
        events = events.filter(held_in)
    return events


def in_date_range(events, first, last):
    """Events that overlap the days from ``first`` to ``last`` (either may be None), in the
    site's time zone."""
    problems = {}
    for name, day in (("date_from", first), ("date_to", last)):
        if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
            problems[name] = _("Choose a day between the years %(first)s and %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    if not problems and first and last and last < first:
        problems["date_to"] = _("The range ends before it starts: choose a later last day.")
    if problems:
        raise public_errors.invalid(problems)
    zone = timezone.get_default_timezone()
    if first:
        events = events.filter(end__gte=datetime.combine(first, time.min, zone))
    if last:
        events = events.filter(start__lt=datetime.combine(last + timedelta(days=1), time.min, zone))
    return events


def partner(reference):
    """The public organisation a slug or an id names, or a refusal."""
    found = find(Organisation.objects.public(), reference)
    if found is None:
        raise public_errors.invalid({"organisation": _("This organisation is not in the directory.")})
    return found


def summaries(request, events, language):
    versions = versions_of(events)
    shown = [versions[event.translation_key].get(language, event) for event in events]
    prefetch_related_objects(shown, "tags")
    return [summary(request, page, versions[page.translation_key]) for page in shown]


def summary(request, page, versions):
    """What the index's card and the page's head say of ``page``; ``versions``: the event's
    public pages by language."""
    default = versions.get(default_language()) or next(iter(versions.values()))
    return {
        "id": default.pk,
        "language": page.locale.language_code,
        "title": page.title,
        "summary": page.summary,
        "kind": choice(page.kind, page.kind_label),
        "format": choice(page.event_format, page.format_label),
        "start": page.local_start,
        "end": page.local_end,
        "time_zone": page.time_zone,
        "languages": [choice(code, LANGUAGE_NAMES[code]) for code in page.languages or [] if code in LANGUAGE_NAMES],
        "venue": place(page.venue),
        "image": picture(request, page.image, IMAGE),
        "topics": [{"slug": tag.slug, "name": tag.name} for tag in page.tags.all()],
        "urls": {code: _page_url(request, versions.get(code)) for code in LANGUAGE_CODES},
    }


def _page_url(request, page):
    return request.build_absolute_uri(page.get_url(request)) if page is not None else None


def place(venue):
    if venue is None:
        return None
    return {
        "name": venue.display_name,
        "address": venue.display_address,
        "city": venue.display_city,
        "governorate": governorate(venue),
        "country": country(venue),
        "latitude": float(venue.latitude) if venue.latitude is not None else None,
        "longitude": float(venue.longitude) if venue.longitude is not None else None,
        "map_url": venue.map_url(),
    }


# One event.


def detail(request, event_id, language):
    versions = _versions_of_event(event_id)
    page = versions.get(language) or next(iter(versions.values()))
    return {
        **summary(request, page, versions),
        "calendar": request.build_absolute_uri(reverse("events:event_ics", kwargs={"pk": page.pk})),
        # As the page shows it: its own, else the main page's (EventPage.contact).
        "contact": page.contact_email or (versions.get(default_language()) or page).contact_email or None,
        "sessions": [session_answer(request, page, session) for session in load_sessions(page, with_materials=True)],
        "partners": [partner_answer(request, partner) for partner in load_partners(page)],
    }


def _versions_of_event(event_id):
    """The public versions of the event one of whose pages is ``event_id``, by language."""
    keys = public_page(event_id).values("translation_key")
    versions = {}
    for version in public_events().filter(translation_key__in=keys).prefetch_related("tags"):
        versions[version.locale.language_code] = version
    if not versions:
        raise public_errors.not_found(_("There is no public event with this id."))
    default = default_language()
    return dict(sorted(versions.items(), key=lambda item: item[0] != default))


def session_answer(request, page, session):
    return {
        "title": session.title,
        "kind": choice(session.kind, session.kind_label),
        "start": timezone.localtime(session.start, page.zone),
        "end": timezone.localtime(session.end, page.zone),
        "room": session.room,
        "description": session.description,
        "speakers": [speaker_answer(request, speaker) for speaker in session.public_speakers],
        "materials": [
            {
                "title": material.shown_title,
                "kind": choice(material.kind, material.kind_label),
                "url": request.build_absolute_uri(material.href),
            }
            for material in session.shown_materials
        ],
    }


def speaker_answer(request, speaker):
    """What the event page says of a speaker (events.presentation.speaker_entry): the profile
    link, title and photo only with the person's consent to a public profile."""
    entry = speaker_entry(speaker)
    person = speaker.person
    consented = entry.profile_url is not None
    return {
        "name": entry.name,
        "role": choice(speaker.role, entry.role),
        "affiliation": entry.affiliation,
        "title": entry.title,
        "photo": picture(request, entry.photo, SPEAKER_PHOTO),
        "profile": in_each_language(request, lambda: person_url(person)) if consented else None,
    }


def partner_answer(request, partner):
    organisation = partner.organisation
    listed = organisation_url(organisation) is not None
    return {
        "role": choice(partner.role, partner.get_role_display()),
        "name": organisation.display_name,
        "logo": picture(request, organisation.logo, PARTNER_LOGO),
        "organisation": organisation.pk if listed else None,
        "profile": in_each_language(request, lambda: organisation_url(organisation)) if listed else None,
    }
