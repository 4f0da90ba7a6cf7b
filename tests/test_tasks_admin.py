"""The admin's list of failed background tasks (home/task_admin.py), in Arabic and English:
who sees it, what a row shows (and how safely), and sending a task again."""

import html
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import tasks
from tests.factories.accounts import UserFactory
from tests.factories.registrations import organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

LIST = "/admin/failed-tasks/"
SMTP_ERROR = "smtplib.SMTPServerDisconnected: Connection unexpectedly closed"


def failed(
    task_path="events.registrations.tasks.send_registration_email", args=(41, "confirmed"), kwargs=None, **fields
):
    fields.setdefault("traceback", f'Traceback (most recent call last):\n  File "x.py", line 1\n{SMTP_ERROR}\n')
    return DBTaskResult.objects.create(
        status="FAILED",
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": kwargs or {}},
        backend_name="default",
        queue_name="default",
        worker_ids=["w1", "w2", "w3", "w4", "w5"],
        exception_class_path="smtplib.SMTPServerDisconnected",
        finished_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "core.tasks.DatabaseQueue"}}


def page_of(client, language):
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Failed tasks", "Registration email", "Send again", "Attempts"]),
        ("ar", ["المهام المتعثرة", "رسالة التسجيل", "إرسال من جديد", "المحاولات"]),
    ],
)
def test_a_failed_task_is_listed_with_its_error_and_attempts(client, queue, language, words):
    row = failed()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = page_of(client, language)
    for word in words:
        assert word in page
    assert SMTP_ERROR in page and "Traceback" not in page
    assert "41, &quot;confirmed&quot;" in page or '41, "confirmed"' in page
    assert f"/admin/failed-tasks/{row.pk}/retry/" in page
    assert "<td>5</td>" in page.replace(" ", "")


def test_arguments_and_errors_are_shown_as_text_and_long_ones_cut(client, queue):
    failed(
        task_path="core.mail.send_message",
        args=[{"body": "Your code is 123456", "to": ["layla@example.org"]}, "<script>alert(1)</script>"],
        traceback="ValueError: <img src=x onerror=alert(1)>" + "x" * 400,
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    raw = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<script>alert(1)" not in raw and "<img src=x" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "123456" not in raw and "layla@example.org" not in raw  # a whole email is an ellipsis
    assert "Account email" in raw and "x" * 300 not in raw


def test_sending_a_failed_task_again_puts_it_back_in_the_queue(client, queue):
    row = failed()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(f"/admin/failed-tasks/{row.pk}/retry/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    row.refresh_from_db()
    assert (row.status, row.worker_ids, row.finished_at) == ("READY", [], None)
    page = html.unescape(response.content.decode())
    assert "“Registration email” was sent again." in page and "No task has failed." in page
    # Sent twice (a second tab): told so, nothing changes.
    response = client.post(f"/admin/failed-tasks/{row.pk}/retry/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    assert "ربما أُرسلت من قبل" in html.unescape(response.content.decode())
    assert DBTaskResult.objects.get(pk=row.pk).status == "READY"
    for nonsense in ("not-a-uuid", uuid.uuid4(), "9" * 300):
        response = client.post(f"/admin/failed-tasks/{nonsense}/retry/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 200 and "This task is not waiting" in html.unescape(response.content.decode())


def test_only_superusers_and_those_given_the_permission_see_failed_tasks(client, queue, demo_site):
    row = failed()
    retry = f"/admin/failed-tasks/{row.pk}/retry/"
    client.force_login(organiser())
    assert_not_found(client.get(LIST, follow=True), "ar", hides=[SMTP_ERROR])
    assert_not_found(client.post(retry, follow=True), "ar", hides=[SMTP_ERROR])
    assert "failed-tasks" not in client.get("/admin/").content.decode()
    for user in (UserFactory(is_staff=True), None):  # not let into the admin; not signed in
        client.logout()
        if user is not None:
            client.force_login(user)
        for response in (client.get(LIST), client.post(retry)):
            assert response.status_code == 302 and "/login/" in response["Location"]
    assert DBTaskResult.objects.get(pk=row.pk).status == "FAILED"

    handler = UserFactory(is_staff=True)
    group = Group.objects.create(name="Site operators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="django_tasks_database", codename="change_dbtaskresult")
    )
    handler.groups.add(group)
    assert tasks.may_see_failed_tasks(handler)
    client.force_login(handler)
    assert "/admin/failed-tasks/" in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert SMTP_ERROR in page_of(client, "en")
    client.post(retry)
    assert DBTaskResult.objects.get(pk=row.pk).status == "READY"


def test_each_failed_task_names_the_registration_or_event_it_was_for(client, queue, demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.attendance.models import Certificate, PrintJob
    from tests.factories.registrations import RegistrationFactory, english_of, event_page

    event = event_page(title="ورشة الإعلام")
    registration = RegistrationFactory(event=event)
    certificate = Certificate.objects.create(registration=registration, code="C-1", issued_at=timezone.now())
    job = PrintJob.objects.create(event=event, key="k1", kind=PrintJob.Kind.choices[0][0])
    failed(args=(registration.pk, "confirmed"))
    failed(task_path="events.attendance.services.certificates.send_certificate_email", args=(certificate.pk,))
    failed(task_path="events.attendance.tasks.draw_print_job", args=(job.pk,))
    failed(task_path="webhooks.tasks.fan_out", args=(["registration.created"], event.pk, None, "2026-12-01", {}))
    # Read by the task's own argument names, given in order or by name.
    fan_out_by_name = {"event_id": event.pk, "registration_id": registration.pk, "occurred_at": "2026-12-01"}
    failed(task_path="webhooks.tasks.fan_out", args=(["registration.cancelled"],), kwargs=fan_out_by_name)
    gone = failed(args=(987654, "confirmed"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = page_of(client, "en")
    title = english_of(event).title
    detail = f"/admin/registrations/event/{event.pk}/registration/{registration.pk}/"
    registration_link = f'<a href="{detail}">Registration <bdi dir="ltr">{registration.reference}</bdi>, {title}</a>'
    assert page.count(registration_link) == 3
    assert page.count(f'<a href="/admin/registrations/event/{event.pk}/">{title}</a>') == 2
    row_of_gone = next(row for row in page.split("<tr>") if f"/admin/failed-tasks/{gone.pk}/retry/" in row)
    assert "987654" in row_of_gone and "<td>—</td>" in row_of_gone
    arabic = page_of(client, "ar")
    assert f'التسجيل <bdi dir="ltr">{registration.reference}</bdi>، ورشة الإعلام' in arabic and title not in arabic

    with CaptureQueriesContext(connection) as few:
        page_of(client, "en")
    for _ in range(6):
        failed(args=(RegistrationFactory(event=event_page()).pk, "confirmed"))
    with CaptureQueriesContext(connection) as many:
        page_of(client, "en")
    assert len(many) == len(few)
