"""Fixtures for directory tests: staff users and a client for the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, Permission


@pytest.fixture
def staff_user(db, django_user_model):
    """A staff member with the editors' permissions on the directory, not a superuser."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw-editor-123", is_staff=True)
    group = Group.objects.create(name="Directory editors")
    verbs, models = ("add", "change", "delete", "view"), ("person", "organisation", "network")
    codenames = ["access_admin", "view_mergelog", *(f"{verb}_{model}" for verb in verbs for model in models)]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    user.groups.add(group)
    return user


@pytest.fixture
def admin_client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def events_index(demo_site):
    """The demo site's events index in both languages, for directory pages that list events."""
    from events.models import EventIndexPage

    return {
        "ar": EventIndexPage.objects.get(locale__language_code="ar"),
        "en": EventIndexPage.objects.get(locale__language_code="en"),
    }
