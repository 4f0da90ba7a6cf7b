import pytest

from tests.factories.registrations import SettingsFactory, event_page


@pytest.fixture
def event(demo_site, demo_snapshots):
    """An upcoming event (Arabic canonical page with an English translation), built once per
    session and copied back after that."""
    from events.models import EventPage

    return EventPage.objects.get(pk=demo_snapshots.load("upcoming-event", lambda: event_page().pk))


@pytest.fixture
def settings_for_event(event):
    """Registration open now, ten seats, waiting list on."""
    return SettingsFactory(event=event, capacity=10)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the after-commit callbacks (the emails) of the block, as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def admin_client_in(client, demo_site):
    """``admin_client_in("en")``: the test client, signed in as a superuser whose admin speaks
    that language."""
    from tests.factories.accounts import UserFactory, admin_in

    def signed_in(language):
        client.force_login(admin_in(UserFactory(is_staff=True, is_superuser=True), language))
        return client

    return signed_in
