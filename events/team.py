"""An event's team: the people its organisers give one kind of work on it without the right to
edit it — desk staff, who check people in at its desk on their own phone, and reporters, who
read its registrations, export them and read its reports in the admin. A person is added by the
confirmed email address of their account, and the answer is the same whether or not there is
such an account, so the form tells no one who has one.

Reporters work in the admin, so being given an event as a reporter also puts them in the
"Event reporters" group, which lets them into the admin and nothing more; they leave it with
their last reporter role. What each role may do is the permission policies' to say
(events/permissions.py). Every address an organiser gives a role to, and every member they take
off, is written to the event's audit log, account or not: the log tells no more than the form."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction

from events import audit
from events.models import EventRole, EventTeamMember

REPORTERS_GROUP = "Event reporters"


def account_for_email(email):
    """The active account whose verified address is ``email``, or ``None``."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .order_by("-primary", "pk")
        .first()
    )
    return address.user if address else None


def reporters_group():
    """The group that lets reporters into the admin (its own permission only)."""
    group, _created = Group.objects.get_or_create(name=REPORTERS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def add_member(event, user, role, by=None):
    """Gives ``user`` the ``role`` on ``event`` (its canonical page); nothing changes when they
    already have it."""
    canonical = event.canonical
    try:
        with transaction.atomic():
            EventTeamMember.objects.get_or_create(
                event=canonical, user=user, role=role, defaults={"added_by": by if by and by.is_authenticated else None}
            )
            if role == EventRole.REPORTER:
                user.groups.add(reporters_group())
    except IntegrityError:
        pass  # added by another organiser at the same moment: the row is there


def add_by_email(event, email, role, by=None):
    """``add_member`` for the account with ``email``; gives no one the role when there is
    none."""
    with transaction.atomic():
        user = account_for_email(email)
        if user is not None:
            add_member(event, user, role, by)
        if by is not None and by.is_authenticated:
            audit.record(event, audit.TEAM_ADD, by, email=email, team_role=role)


def remove_member(event, member_id, by=None):
    """Takes a team member off ``event``; ``False`` when there is no such member of it. A
    reporter with no other event to report on leaves the reporters' group."""
    with transaction.atomic():
        member = EventTeamMember.objects.filter(pk=member_id, event=event.canonical).select_related("user").first()
        if member is None:
            return False
        member.delete()
        if by is not None and by.is_authenticated:
            audit.record(event, audit.TEAM_REMOVE, by, email=member.user.email, team_role=member.role)
        user = member.user
        if member.role == EventRole.REPORTER and not user.event_roles.filter(role=EventRole.REPORTER).exists():
            user.groups.remove(*Group.objects.filter(name=REPORTERS_GROUP))
    return True
