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


def test_an_events_attendance_plan_matches_the_orm(demo_site):
    from events.attendance.models import AttendancePlan
    from events.attendance.services import membership
    from tests.factories.attendance import plan

    settings = SettingsFactory()
    assert membership.PLAN.first(AttendancePlan, [settings.event_id]) is None
    made = plan(settings.event, minimum_minutes=30, membership_trigger="registering")
    compiled = membership.PLAN.first(AttendancePlan, [settings.event_id])
    plain = membership._plan(settings.event_id).first()
    assert compiled == plain == made
    fields = [field.attname for field in AttendancePlan._meta.concrete_fields]
    assert [getattr(compiled, name) for name in fields] == [getattr(plain, name) for name in fields]
    assert (compiled.minimum_minutes, compiled.membership_trigger) == (30, "registering")


def test_a_compiled_row_is_the_instance_a_raw_query_gives(settings_with_people):
    """Converted fields (a JSON field, date-times that SQLite keeps as text), annotations and
    the instance's state come out as Django's raw queryset makes them."""
    from django.db.models import F

    event_id = settings_with_people.event_id
    registration = Registration.objects.filter(event_id=event_id).order_by("pk").first()
    Registration.objects.filter(pk=registration.pk).update(answers={"city": "بغداد", "days": [1, 2]})
    query = CompiledQuery(
        lambda pk: Registration.objects.filter(pk=pk).annotate(starts=F("event__start")).order_by("pk")[:1], -7
    )
    compiled = query.first(Registration, [registration.pk])
    sql, params = query.sql([registration.pk])
    raw = next(iter(Registration.objects.raw(sql, params)))
    fields = [field.attname for field in Registration._meta.concrete_fields]
    assert [getattr(compiled, name) for name in fields] == [getattr(raw, name) for name in fields]
    assert compiled.answers == {"city": "بغداد", "days": [1, 2]}
    assert compiled.created_at == registration.created_at and compiled.created_at.tzinfo is not None
    assert compiled.starts == raw.starts
    assert (compiled._state.adding, compiled._state.db) == (False, "default")
    assert query.first(Registration, [-1]) is None


def test_a_compiled_query_without_the_primary_key_is_refused(settings_with_people):
    query = CompiledQuery(lambda pk: Registration.objects.filter(pk=pk).values("status").order_by()[:1], -7)
    with pytest.raises(ValueError, match="primary key"):
        query.first(Registration, [Registration.objects.first().pk])


# Compiled inserts: the row, the instance and the signals are those of ``Model.save``.


def _row(model, pk):
    return {name: value for name, value in model.objects.filter(pk=pk).values().get().items() if name != "id"}


def test_a_compiled_insert_stores_the_row_the_orm_stores(settings_with_people):
    from django.utils import timezone

    from core.compiled import insert

    _user, person = participant()
    at = timezone.now()
    fields = {
        "event_id": settings_with_people.event_id,
        "status": RegistrationStatus.WAITLISTED,
        "status_changed_at": at,
        "queued_at": at,
        "created_at": at,
        "answers": {"city": "الموصل", "days": [1, 2]},
        "entered_name": "Sami Hassan",
        "entered_name_ar": "سامي حسن",
        "language": "en",
    }
    compiled = insert(Registration(person=person, reference="COMPILED01", **fields))
    Registration.objects.filter(pk=compiled.pk).update(status=RegistrationStatus.CANCELLED)
    plain = Registration.objects.create(person=person, reference="COMPILED02", **fields)
    assert compiled.pk is not None and compiled.pk != plain.pk
    assert (compiled._state.adding, compiled._state.db) == (False, "default")
    expected = _row(Registration, plain.pk) | {"reference": "COMPILED01", "status": RegistrationStatus.CANCELLED}
    assert _row(Registration, compiled.pk) == expected
    # The derived field (Registration.set_derived_fields) is filled in as save() fills it.
    assert "sami" in _row(Registration, compiled.pk)["entered_search_text"]
    assert _row(Registration, compiled.pk)["answers"] == {"city": "الموصل", "days": [1, 2]}


def test_a_compiled_insert_sends_the_signals_save_sends(settings_with_people):
    from django.db.models.signals import post_save, pre_save

    from core.compiled import insert
    from events.registrations.models import StatusChange

    registration = Registration.objects.filter(event_id=settings_with_people.event_id).first()
    heard = []

    def before(sender, instance, **kwargs):
        heard.append(("pre", instance.pk, kwargs["raw"], kwargs["update_fields"]))

    def after(sender, instance, created, **kwargs):
        heard.append(("post", instance.pk, created, kwargs["using"]))

    pre_save.connect(before, sender=StatusChange)
    post_save.connect(after, sender=StatusChange)
    try:
        change = insert(StatusChange(registration=registration, to_status=RegistrationStatus.CONFIRMED, note="n"))
    finally:
        pre_save.disconnect(before, sender=StatusChange)
        post_save.disconnect(after, sender=StatusChange)
    assert heard == [("pre", None, False, None), ("post", change.pk, True, "default")]
    stored = StatusChange.objects.get(pk=change.pk)
    assert (stored.registration_id, stored.to_status, stored.note) == (registration.pk, "confirmed", "n")


def test_what_a_compiled_insert_cannot_do_goes_through_save(settings_with_people):
    """A model with a save() of its own (a person's search text and consent date), and an
    expression as a value, are saved by Django."""
    from django.db.models.functions import Now

    from core.compiled import insert
    from events.registrations.models import StatusChange

    person = insert(Person(name="Noor Ali", name_ar="نور علي"))
    assert "noor" in Person.objects.get(pk=person.pk).search_text
    registration = Registration.objects.filter(event_id=settings_with_people.event_id).first()
    change = insert(StatusChange(registration=registration, to_status="confirmed", at=Now()))
    assert StatusChange.objects.get(pk=change.pk).at is not None
