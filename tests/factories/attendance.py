"""Factories for attendance tests: desk staff given an event, and attendance plans."""

from events.attendance.models import AttendancePlan
from events.models import EventRole, EventTeamMember
from tests.factories.accounts import UserFactory


def desk_staff(event, **user_fields):
    """A user who may check people in at ``event`` (any language version) and nothing else."""
    user = UserFactory(**user_fields)
    EventTeamMember.objects.create(event=event.canonical, user=user, role=EventRole.DESK)
    return user


def plan(event, **fields):
    plan, _created = AttendancePlan.objects.update_or_create(event=event.canonical, defaults=fields)
    return plan
