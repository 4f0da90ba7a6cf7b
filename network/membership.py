"""Whether a network member is new or returning."""

from django.utils import timezone

from network.models import NetworkMembership


def new_and_returning(network, people, on_date=None):
    """How many of ``people`` (ids) are new to ``network`` and how many return, on
    ``on_date`` (today by default): a member returns when their first participation came
    before that day; everyone else, members joining that day and non-members alike, is new.
    """
    on_date = on_date or timezone.localdate()
    people = set(people)
    memberships = NetworkMembership.objects.filter(network=network, person__in=people).select_related("joined_at_event")
    returning = sum(1 for membership in memberships if not membership.is_new_at(on_date))
    return {"new": len(people) - returning, "returning": returning}
