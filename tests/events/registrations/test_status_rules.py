"""The status rules of events/registrations/services/lifecycle.py, one business case each."""

import datetime as dt

import pytest
from django.utils import timezone

from events.registrations import services
from events.registrations.models import Registration, RegistrationSource, RegistrationStatus, StatusChange
from events.registrations.models.registrations import REFERENCE_ALPHABET
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import SettingsFactory, english_of, event_page

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def register_many(event, n, **kwargs):
    return [services.register(event, PersonFactory(), **kwargs) for _ in range(n)]


def test_registers_confirmed_while_seats_last_then_waitlists(settings_for_event):
    settings_for_event.capacity = 2
    settings_for_event.save()
    first, second, third, fourth = register_many(settings_for_event.event, 4)
    assert [r.status for r in (first, second, third, fourth)] == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.WAITLISTED]
    assert third.waitlist_position() == 1
    assert fourth.waitlist_position() == 2
    assert first.waitlist_position() is None


def test_full_event_without_waiting_list_refuses(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.waitlist_enabled = False
    settings_for_event.save()
    register_many(settings_for_event.event, 1)
    with pytest.raises(services.RegistrationError) as refused:
        services.register(settings_for_event.event, PersonFactory())
    assert refused.value.code == "full"
    assert Registration.objects.count() == 1


def test_unlimited_capacity_confirms_everyone(settings_for_event):
    settings_for_event.capacity = None
    settings_for_event.save()
    registrations = register_many(settings_for_event.event, 15)
    assert {r.status for r in registrations} == {S.CONFIRMED}


def test_approval_required_puts_registrations_on_hold(settings_for_event):
    settings_for_event.approval_required = True
    settings_for_event.save()
    (registration,) = register_many(settings_for_event.event, 1)
    assert registration.status == S.PENDING


def test_one_active_registration_per_person(settings_for_event):
    person = PersonFactory()
    first = services.register(settings_for_event.event, person)
    with pytest.raises(services.RegistrationError) as refused:
        services.register(settings_for_event.event, person)
    assert refused.value.code == "already_registered"
    assert refused.value.registration == first
    services.cancel(first)
    again = services.register(settings_for_event.event, person)
    assert again.status == S.CONFIRMED
    assert Registration.objects.filter(person=person).count() == 2


def test_english_page_registers_for_the_shared_event(settings_for_event):
    english = english_of(settings_for_event.event)
    registration = services.register(english, PersonFactory(), language="en")
    assert registration.event_id == settings_for_event.event_id
    assert registration.language == "en"


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (dt.timedelta(days=1), None, "not_yet_open"),
        (None, -dt.timedelta(minutes=1), "closed"),
    ],
)
def test_window_is_enforced(settings_for_event, opens, closes, code):
    now = timezone.now()
    settings_for_event.opens_at = now + opens if opens else None
    settings_for_event.closes_at = now + closes if closes else None
    settings_for_event.save()
    with pytest.raises(services.RegistrationError) as refused:
        services.register(settings_for_event.event, PersonFactory())
    assert refused.value.code == code
    assert not Registration.objects.exists()


def test_registration_closes_when_the_event_starts(demo_site):
    started = event_page(start=timezone.now() - dt.timedelta(hours=1), english=False)
    SettingsFactory(event=started)
    with pytest.raises(services.RegistrationError) as refused:
        services.register(started, PersonFactory())
    assert refused.value.code == "closed"


def test_event_without_settings_takes_no_registrations(event):
    with pytest.raises(services.RegistrationError) as refused:
        services.register(event, PersonFactory())
    assert refused.value.code == "not_offered"


def test_cancellation_promotes_the_oldest_waitlisted(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    seated, oldest, younger = register_many(settings_for_event.event, 3)
    services.cancel(seated)
    oldest.refresh_from_db()
    younger.refresh_from_db()
    assert oldest.status == S.CONFIRMED
    assert younger.status == S.WAITLISTED
    assert younger.waitlist_position() == 1
    change = StatusChange.objects.filter(registration=oldest).last()
    assert (change.from_status, change.to_status) == (S.WAITLISTED, S.CONFIRMED)


def test_cancelling_a_waitlisted_registration_promotes_nobody(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    seated, first_waiting, second_waiting = register_many(settings_for_event.event, 3)
    services.cancel(first_waiting)
    second_waiting.refresh_from_db()
    assert second_waiting.status == S.WAITLISTED
    assert second_waiting.waitlist_position() == 1


def test_participant_cannot_cancel_once_the_event_started(demo_site):
    started = event_page(start=timezone.now() - dt.timedelta(hours=1), english=False)
    SettingsFactory(event=started)
    registration = services.register(started, PersonFactory(), source=RegistrationSource.STAFF, ignore_window=True)
    with pytest.raises(services.RegistrationError) as refused:
        services.cancel(registration, as_participant=True)
    assert refused.value.code == "started"
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    services.cancel(registration)  # staff still can
    registration.refresh_from_db()
    assert registration.status == S.CANCELLED


def test_cancelled_registration_cannot_be_cancelled_again(settings_for_event):
    (registration,) = register_many(settings_for_event.event, 1)
    services.cancel(registration)
    with pytest.raises(services.RegistrationError) as refused:
        services.cancel(registration)
    assert refused.value.code == "not_active"


def test_approving_beyond_capacity_waitlists_unless_overridden(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.approval_required = True
    settings_for_event.save()
    first, second, third = register_many(settings_for_event.event, 3)
    organiser = UserFactory()
    assert services.approve(first, by=organiser).status == S.CONFIRMED
    assert services.approve(second, by=organiser).status == S.WAITLISTED
    assert services.approve(third, by=organiser, override_capacity=True).status == S.CONFIRMED
    assert Registration.objects.filter(status=S.CONFIRMED).count() == 2
    change = StatusChange.objects.filter(registration=third).last()
    assert change.by == organiser
    assert change.note == "beyond capacity"


def test_only_pending_registrations_are_approved(settings_for_event):
    (registration,) = register_many(settings_for_event.event, 1)
    with pytest.raises(services.RegistrationError) as refused:
        services.approve(registration)
    assert refused.value.code == "not_pending"


def test_declining_a_confirmed_registration_frees_its_seat(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    seated, waiting = register_many(settings_for_event.event, 2)
    services.decline(seated)
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    seated.refresh_from_db()
    assert seated.status == S.DECLINED


def test_promotion_needs_a_free_seat_or_an_explicit_override(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    _seated, waiting = register_many(settings_for_event.event, 2)
    with pytest.raises(services.RegistrationError) as refused:
        services.promote(waiting)
    assert refused.value.code == "full"
    assert services.promote(waiting, override_capacity=True).status == S.CONFIRMED


def test_raising_the_capacity_fills_the_new_seats_in_order(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.save()
    _seated, first, second, third = register_many(settings_for_event.event, 4)
    settings_for_event.capacity = 3
    settings_for_event.save()
    promoted = services.settings_changed(settings_for_event)
    assert [r.pk for r in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == S.WAITLISTED


def test_staff_may_add_outside_the_window_but_not_silently_beyond_capacity(settings_for_event):
    settings_for_event.capacity = 1
    settings_for_event.waitlist_enabled = False
    settings_for_event.closes_at = timezone.now() - dt.timedelta(days=1)
    settings_for_event.save()
    staff = UserFactory()
    vip = services.register(
        settings_for_event.event, PersonFactory(), source=RegistrationSource.STAFF, by=staff, ignore_window=True
    )
    assert vip.status == S.CONFIRMED
    with pytest.raises(services.RegistrationError) as refused:
        services.register(
            settings_for_event.event, PersonFactory(), source=RegistrationSource.STAFF, by=staff, ignore_window=True
        )
    assert refused.value.code == "full"
    delegate = services.register(
        settings_for_event.event,
        PersonFactory(),
        source=RegistrationSource.STAFF,
        by=staff,
        ignore_window=True,
        override_capacity=True,
    )
    assert delegate.status == S.CONFIRMED
    assert StatusChange.objects.get(registration=delegate).by == staff


def test_every_status_change_is_recorded(settings_for_event):
    settings_for_event.approval_required = True
    settings_for_event.save()
    organiser = UserFactory()
    (registration,) = register_many(settings_for_event.event, 1)
    services.approve(registration, by=organiser)
    services.cancel(registration, by=registration.person.user)
    history = list(registration.history.values_list("from_status", "to_status"))
    assert history == [("", S.PENDING), (S.PENDING, S.CONFIRMED), (S.CONFIRMED, S.CANCELLED)]
    assert [change.by for change in registration.history.all()] == [None, organiser, None]


def test_references_are_unguessable(settings_for_event):
    registrations = register_many(settings_for_event.event, 5)
    references = {r.reference for r in registrations}
    assert len(references) == 5
    for reference in references:
        assert len(reference) == 12
        assert set(reference) <= set(REFERENCE_ALPHABET)
