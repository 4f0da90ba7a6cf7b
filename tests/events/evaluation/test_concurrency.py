"""One answer per registration also when the form is sent twice at the same moment (a double
tap on a slow phone), each request in its own thread and database connection.

The view's own check (answered already?) runs before the service's transaction, so both
requests pass it; what holds is the service's check of the receipt after locking the
registration (``select_for_update``; on SQLite, where row locks do not exist, the
transactions' ``BEGIN IMMEDIATE``). With that check taken out of ``answer``, both requests were
answered 302 and two responses stored, in each of two runs on SQLite.
"""

import pytest
from django.test import Client

from events.evaluation.models import EvaluationReceipt, EvaluationResponse
from tests.events.registrations.test_concurrency import post_at_once

from .conftest import valid_answers

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_form_sent_twice_at_once_stores_one_response(evaluation, people):
    user, registration = people["english"]
    url = f"/en/my/events/{registration.reference}/evaluation/"
    data = valid_answers(evaluation.questions.all())
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)

    outcomes = post_at_once([(client, url, data) for client in clients])

    assert sorted(getattr(outcome, "status_code", outcome) for outcome in outcomes) == [302, 409]
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationReceipt.objects.get(registration=registration).answered_at is not None
