"""Inviting the participants: one email each, in their language, with the link to the form;
only those not invited and not answered; again, only the new ones."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry

from events import audit
from events.evaluation.models import EvaluationReceipt
from events.evaluation.services.answering import answer
from events.registrations.services.retention import erase
from tests.factories.registrations import RegistrationFactory

from .conftest import attend, key_of

pytestmark = pytest.mark.django_db


def press(client, event, run_on_commit):
    with run_on_commit():
        return client.post(f"/admin/evaluation/{event.pk}/invite/", follow=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_each_participant_is_invited_once_in_their_language(client, evaluation, people, event_organiser, run_on_commit):
    event = evaluation.event
    answer(evaluation, people["english"][1], {"how_useful_was_the_training": "5"}, "en", key=key_of(evaluation))
    arabic = RegistrationFactory(event=event, language="ar")
    english = RegistrationFactory(event=event, language="en")
    for registration in (arabic, english):
        attend(registration)
    client.force_login(event_organiser)

    page = press(client, event, run_on_commit)

    assert "3 participants were invited to evaluate the event." in page.content.decode()
    # The two who came and were not invited, and the Arabic participant: not the one who answered,
    # nor the one who did not come, nor the cancelled one.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        r.person.email for r in (people["arabic"][1], arabic, english)
    )
    by_address = {message.to[0]: message for message in mail.outbox}
    in_english = by_address[english.person.email]
    assert "How was Workshop number" in in_english.subject
    assert f"/my/events/{english.reference}/evaluation/" in in_english.body
    assert "your answers are stored without your name" in in_english.body
    in_arabic = by_address[arabic.person.email]
    assert "أخبر فريق التنظيم" in in_arabic.subject
    assert f"/my/events/{arabic.reference}/evaluation/" in in_arabic.body
    assert EvaluationReceipt.objects.filter(invited_at__isnull=False).count() == 3

    mail.outbox.clear()
    newcomer = RegistrationFactory(event=event, language="en")
    attend(newcomer)
    again = press(client, event, run_on_commit)

    assert "1 participant was invited to evaluate the event." in again.content.decode()
    assert [message.to for message in mail.outbox] == [[newcomer.person.email]]
    logged = PageLogEntry.objects.filter(action=audit.EVALUATION_INVITE, page=event).order_by("pk")
    assert [(entry.data["rows"], entry.user) for entry in logged] == [(3, event_organiser), (1, event_organiser)]
    press(client, event, run_on_commit)  # no one left to invite: nothing to log
    assert logged.count() == 2

    mail.outbox.clear()
    last = press(client, event, run_on_commit)
    assert "Everyone who may answer was already invited or has answered." in last.content.decode()
    assert mail.outbox == []


def test_no_invitation_before_the_form_opens(client, event, people, event_organiser, run_on_commit):
    import datetime as dt

    from django.utils import timezone

    from events.evaluation.models import EvaluationForm

    EvaluationForm.objects.create(event=event, opens_at=timezone.now() + dt.timedelta(days=1))
    client.force_login(event_organiser)
    page = press(client, event, run_on_commit)
    assert "The evaluation of this event is not open yet." in page.content.decode()
    assert mail.outbox == []
    assert not EvaluationReceipt.objects.exists()


def test_erasing_the_events_personal_data_takes_the_typed_answers_and_keeps_the_rest(evaluation, people):
    settings = evaluation.event.registration_settings
    settings.retention_days = 0
    settings.save()
    answer(
        evaluation,
        people["arabic"][1],
        {"how_useful_was_the_training": "5", "what_should_we_change": "Ask Dr Sara Kareem to come back"},
        "ar",
        key=key_of(evaluation),
    )

    erasure = erase(evaluation.event.pk)

    assert erasure.other == 1
    assert list(evaluation.responses.values_list("answers", flat=True)) == [{"how_useful_was_the_training": "5"}]
    assert EvaluationReceipt.objects.filter(registration=people["arabic"][1], answered_at__isnull=False).exists()
