"""The busy path's compiled queries (core/compiled.py) give what the plain ORM queries they
are compiled from give, on the database the suite runs on (SQLite and PostgreSQL in CI)."""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from core.compiled import CompiledQuery
from events.registrations.models import Registration, RegistrationQuestion, RegistrationSettings, RegistrationStatus
from events.registrations.services import counter, lifecycle
from events.registrations.services.availability import _settings_of_page, settings_for_page
from events.registrations.services.counter import locked_counts
from network import people
from network.models import Person
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db


def _fields(settings):
    return {field.attname: getattr(settings, field.attname) for field in RegistrationSettings._meta.concrete_fields}


@pytest.fixture
def settings_with_people(demo_site):
    settings = SettingsFactory(capacity=2)
    for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
        _user, person = participant()
        Registration.objects.create(event_id=settings.event_id, person=person, status=status)
    return settings


def test_the_settings_of_a_public_page_match_the_orm(settings_with_people):
    settings = settings_with_people
    for page_id in (settings.event_id, settings.event.localized_for("en").pk):
        compiled = settings_for_page(page_id)
        plain = _settings_of_page(page_id).first()
        assert _fields(compiled) == _fields(plain)
        assert compiled.event_start == plain.event_start == settings.event.start
        assert compiled.has_questions is False and not plain.has_questions
    RegistrationQuestion.objects.create(settings=settings, label="Why?", field_type="singleline")
    assert settings_for_page(settings.event_id).has_questions is True


def test_a_restricted_or_unknown_page_has_no_settings(settings_with_people):
    PageViewRestriction.objects.create(page=settings_with_people.event, restriction_type=PageViewRestriction.LOGIN)
    assert settings_for_page(settings_with_people.event_id) is None
    assert _settings_of_page(settings_with_people.event_id).first() is None
    assert settings_for_page(987_654_321) is None


def test_the_lock_and_the_counts_match_the_orm(settings_with_people):
    event_id = settings_with_people.event_id
    with transaction.atomic():
        locked = lifecycle.lock_settings(event_id)
        counts = locked_counts(locked)
        plain = lifecycle._locked(event_id).first()
        assert _fields(locked) == _fields(plain)
        assert locked.event_start == plain.event_start
    assert dict(counter._active(event_id)) == {"confirmed": 2, "waitlisted": 1}
    assert (counts.confirmed, counts.waitlisted, counts.pending) == (2, 1, 0)
    assert counter.COUNTER.rows([event_id]) == [(2, 1, 0)] == list(counter._counter(event_id))


def test_the_linked_person_matches_the_orm(demo_site):
    user, person = participant()
    compiled = people.LINKED_PERSON.first(Person, [user.pk])
    plain = people._linked_person(user.pk).first()
    assert compiled == plain == person
    assert bool(compiled.has_verified_email) is plain.has_verified_email is True
    assert people.verified_person(user) == person


def test_stand_ins_are_replaced_and_other_values_kept():
    query = CompiledQuery(
        lambda event_id: Registration.objects.filter(event_id=event_id, pk__gt=7, status="confirmed"), -5
    )
    _sql, params = query.sql([42])
    assert sorted(map(str, params)) == ["42", "7", "confirmed"]
