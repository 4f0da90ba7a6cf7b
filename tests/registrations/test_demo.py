"""The demo slice: the fictional upcoming events take registrations with bilingual questions."""

import pytest

from events.registrations.models import RegistrationQuestion, RegistrationSettings

pytestmark = pytest.mark.django_db


def test_demo_loader_sets_up_the_fictional_events_and_runs_twice(demo_site):
    from events.models import EventPage
    from fixtures import events, registrations

    registrations.load(lambda message: None)  # before the events exist: nothing to do, no error
    assert not RegistrationSettings.objects.exists()
    events.load(lambda message: None)
    lines = []
    registrations.load(lines.append)
    registrations.load(lines.append)
    assert lines == ["registrations: settings and questions for 2 demo events"] * 2
    clinic = EventPage.objects.get(slug="demo-open-data-clinic", locale__language_code="ar")
    settings = RegistrationSettings.objects.get(event=clinic)
    assert settings.capacity == 25 and settings.closes_at < clinic.start
    questions = RegistrationQuestion.objects.filter(settings=settings)
    assert questions.count() == 4
    assert all(question.label and question.label_ar for question in questions)
    assert RegistrationSettings.objects.get(event__slug="demo-digital-safety-series").approval_required
