"""Registration in the Wagtail admin: the organisers' screens (a viewset with its "Registrations"
menu item), a panel on the dashboard, and a way in from every event page's buttons. Only
superusers and the "Event organisers" group see any of it."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from core.text import join
from events.models import EventPage, EventPartner, SessionSpeaker
from events.permissions import can_manage_registrations, manageable_events
from network.models import Organisation, Person

from .models import Registration
from .staff.panels import panels_for
from .staff.viewsets import registrations_viewset


@hooks.register("register_admin_viewset")
def register_viewset():
    return registrations_viewset


hooks.register("construct_homepage_panels", panels_for)


def _event_buttons(page, user):
    if page.specific_class is not EventPage or not can_manage_registrations(user):
        return []
    return [
        Button(
            _("Registrations"),
            reverse("registrations_admin:event", args=[page.pk]),
            icon_name="form",
            priority=40,
        ),
        Button(
            _("Registration settings"),
            reverse("registrations_admin:settings", args=[page.pk]),
            icon_name="cog",
            priority=41,
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from _event_buttons(page, user)


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _event_buttons(page, user)


@hooks.register("directory_records_for_user")
def people_of_managed_events(user, model):
    """For the directory's choosers: an organiser also sees the people and organisations of
    the events they manage (their speakers, partners and participants, except participants
    who have not yet accepted a registration staff made for them)."""
    if not can_manage_registrations(user):
        return None
    events = manageable_events(user, EventPage.objects.all()).values("pk")
    if model is Person:
        speakers = SessionSpeaker.objects.filter(session__page__in=events).values("person_id")
        participants = Registration.objects.filter(event__in=events, awaiting_acceptance=False).values("person_id")
        return Person.objects.filter(Q(pk__in=speakers) | Q(pk__in=participants)).values("pk")
    if model is Organisation:
        return EventPartner.objects.filter(page__in=events).values("organisation_id")
    return None


@hooks.register("before_delete_snippet")
def keep_people_with_registrations(request, instances):
    """A person who registered for an event is kept (their registrations point at them):
    deleting them from the directory, one or several at once, is refused with their names and
    the way to remove a duplicate, where the database's refusal was an error page."""
    people = [instance for instance in instances if isinstance(instance, Person)]
    registered = set(Registration.objects.filter(person__in=people).values_list("person_id", flat=True))
    if not registered:
        return None
    names = join(person for person in people if person.pk in registered)
    message = gettext(
        "These people registered for events and cannot be deleted: %(names)s. To remove a duplicate, "
        "merge it into the record to keep."
    )
    messages.error(request, message % {"names": names})
    return redirect(Person.snippet_viewset.get_url_name("list"))
