"""Who may work on an event's people: its registrations today, its attendance, exports and
reports next. One policy per kind of work, each answering the same question two ways — for one
event (``user_has_permission_for``) and as a filter over a queryset of events or of records that
belong to events (``events_for_user``, ``filter_records``) — so a list and a detail page can
never disagree.

A user may do the work on an event when they hold the work's permission (superusers hold them
all) and may edit the event's page: change or publish it, as Wagtail's page permissions grant per
subtree. Organisers of one organisation therefore see only their organisation's events, in both
languages. A policy may also name per-event roles (``EventTeamMember``: desk staff, reporters)
that grant the work on the events they are given for, without any right to edit them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model, load_backend
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from events.models import EventPage, EventRole, EventTeamMember

MANAGE_REGISTRATIONS = "registrations.manage_registrations"
# The page permissions that make someone an event's organiser.
EDITING = ["change", "publish"]


class EventPermissionPolicy:
    def __init__(self, permission=MANAGE_REGISTRATIONS, roles=()):
        self.permission = permission
        self.roles = tuple(roles)

    def user_has_permission(self, user):
        """Whether ``user`` may do this work on any event at all (for menus and panels)."""
        if not (user and user.is_authenticated and user.is_active):
            return False
        return user.has_perm(self.permission) or self._assignments(user).exists()

    def user_has_permission_for(self, user, event):
        """Whether ``user`` may do this work on ``event`` (any language version)."""
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        return self.events_for_user(user, EventPage.objects.filter(pk=event.pk)).exists()

    def events_for_user(self, user, events=None):
        """The part of ``events`` (all event pages by default) ``user`` may do this work on."""
        events = EventPage.objects.all() if events is None else events
        if not self.user_has_permission(user):
            return events.none()
        if user.is_superuser:
            return events
        allowed = Q(pk__in=[])
        if user.has_perm(self.permission):
            allowed |= Q(pk__in=self._editable_pages(user).values("pk"))
        if self.roles:
            keys = self._assignments(user).values("event__translation_key")
            allowed |= Q(translation_key__in=keys)
        return events.filter(allowed)

    def filter_records(self, user, records, event_field="event"):
        """The part of ``records`` (registrations, attendance, …) that belong to events ``user``
        may do this work on; ``event_field`` names the records' link to the event page."""
        if not self.user_has_permission(user):
            return records.none()
        if user.is_superuser:
            return records
        return records.filter(Q(**{f"{event_field}__in": self.events_for_user(user).values("pk")}))

    def users_for(self, event, *, superusers=True):
        """The active users who may do this work on ``event`` (the page given: pass the
        canonical one for its registrations), as ``user_has_permission_for`` answers for
        each: holders of the permission who may edit the page, the users given one of the
        policy's roles for the event and, unless ``superusers`` is False, the superusers."""
        manager = get_user_model()._default_manager
        users = manager.filter(is_active=True)
        holders = manager.with_perm(self.permission, include_superusers=False, backend=permission_backend())
        editors = PagePermissionPolicy(Page).users_with_any_permission_for_instance(
            EDITING, event, include_superusers=False
        )
        allowed = Q(pk__in=holders.values("pk")) & Q(pk__in=editors.values("pk"))
        if self.roles:
            members = EventTeamMember.objects.filter(event__translation_key=event.translation_key, role__in=self.roles)
            allowed |= Q(pk__in=members.values("user"))
        if superusers:
            allowed |= Q(is_superuser=True)
        return users.filter(allowed)

    def _editable_pages(self, user):
        return PagePermissionPolicy(Page).instances_user_has_any_permission_for(user, EDITING)

    def _assignments(self, user):
        if not self.roles:
            return EventTeamMember.objects.none()
        return EventTeamMember.objects.filter(user=user, role__in=self.roles)


registrations_policy = EventPermissionPolicy(MANAGE_REGISTRATIONS)
# The check-in desk: the event's organisers, and desk staff given that event (who can check
# people in and see who they are, but not export, edit or message).
desk_policy = EventPermissionPolicy(MANAGE_REGISTRATIONS, roles=[EventRole.DESK])
# Attendee lists, their exports and the event's reports: the event's organisers, and reporters
# given that event (who read and download, and change nothing).
reports_policy = EventPermissionPolicy(MANAGE_REGISTRATIONS, roles=[EventRole.REPORTER])


def can_manage_registrations(user):
    return registrations_policy.user_has_permission(user)


def can_manage_event(user, event):
    return registrations_policy.user_has_permission_for(user, event)


def manageable_events(user, events=None):
    return registrations_policy.events_for_user(user, events)


def permission_backend():
    """The configured backend that grants permissions from groups and users (Django's
    ``ModelBackend`` or a subclass), for listing who holds one: ``with_perm`` needs it named
    when several backends are configured."""
    for path in settings.AUTHENTICATION_BACKENDS:
        if isinstance(load_backend(path), ModelBackend):
            return path
    raise ImproperlyConfigured("No authentication backend grants permissions from groups and users.")


def event_organisers(event):
    """The active users who manage ``event``'s registrations as its organisers: those the
    registrations policy allows on the page other than by being superusers (desk staff and
    reporters are not among them); the superusers only when it allows no one else, so that a
    site run by one administrator still has someone to tell. For the organisers' emails."""
    organisers = registrations_policy.users_for(event, superusers=False)
    if organisers.exists():
        return organisers
    return registrations_policy.users_for(event)


def can_report_on(user, event):
    """Whether ``user`` may read ``event``'s attendee list, export it and read its reports."""
    return reports_policy.user_has_permission_for(user, event)
