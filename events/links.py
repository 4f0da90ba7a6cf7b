"""Links from event pages to the public directory.

The directory provides the routes ``network:person`` and ``network:organisation`` (keyword
``slug``). Until they exist, or for a record the directory does not list, an event page names
the person or organisation without a link instead of failing.
"""

from django.urls import NoReverseMatch

from core.urls import reverse_one


def directory_url(kind, slug):
    if not slug:
        return None
    try:
        return reverse_one(f"network:{kind}", "slug", slug)
    except NoReverseMatch:
        return None


def person_url(person):
    """A profile link only for people who consented to a public directory profile."""
    if person is None or not person.public_profile:
        return None
    return directory_url("person", person.slug)


def organisation_url(organisation):
    if organisation is None or not getattr(organisation, "is_public", True):
        return None
    return directory_url("organisation", organisation.slug)
