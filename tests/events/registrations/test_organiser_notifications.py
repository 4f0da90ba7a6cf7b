"""The organisers are emailed about registrations when the event's settings ask: requests
waiting for approval, or every registration and cancellation; in each organiser's admin
language, without the participant's personal data, at most one email per event every ten
minutes."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission

from events.permissions import can_manage_event, event_organisers
from events.registrations import services
from events.registrations.models import OrganiserNotice, RegistrationSource
from events.registrations.services import organiser_emails
from events.registrations.services.lifecycle import register
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.attendance import desk_staff
from tests.factories.network import PersonFactory
from tests.factories.registrations import event_page, organiser

pytestmark = pytest.mark.django_db

SUBJECTS = {
    "pending": {
        "ar": "[ملتقى] تسجيل جديد بانتظار الموافقة: ",
        "en": "[Multaqa] New registration waiting for approval: ",
    },
    "registered": {"ar": "[ملتقى] تسجيل جديد: ", "en": "[Multaqa] New registration: "},
    "cancelled": {"ar": "[ملتقى] أُلغي تسجيل: ", "en": "[Multaqa] Registration cancelled: "},
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def organiser_of(page, language="en", **user_fields):
    """A user whose own group may manage registrations and edit ``page`` (and what is under it)."""
    user = UserFactory(is_staff=True, **user_fields)
    group = Group.objects.create(name=f"Organisers of {page.pk} {user.pk}")
    group.permissions.add(Permission.objects.get(codename="manage_registrations"))
    GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return admin_in(user, language)


@pytest.fixture
def lead(settings_for_event):
    return organiser_of(settings_for_event.event, "en")


def choose(settings, choice, **fields):
    for name, value in {"notify_organisers": choice, **fields}.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def registers(settings, committed, language="ar", **person_fields):
    person = PersonFactory(**person_fields)
    with committed():
        registration = register(settings.event, person, language=language)
    return registration


def organisers_emailed(mailoutbox):
    """Everyone emailed but the participants (whose addresses are the directory's)."""
    return [message.to[0] for message in mailoutbox if not message.to[0].endswith("@private.example.org")]


def to(mailoutbox, user):
    return [message for message in mailoutbox if message.to == [user.email]]


class TestChoices:
    def test_never_is_the_default_and_emails_no_one(self, settings_for_event, lead, committed, mailoutbox):
        assert settings_for_event.notify_organisers == "never"
        registration = registers(settings_for_event, committed)
        with committed():
            services.cancel(registration, by=registration.person.user, as_participant=True)
        assert to(mailoutbox, lead) == []
        assert not OrganiserNotice.objects.exists()

    def test_requests_waiting_for_approval_only(self, settings_for_event, lead, committed, mailoutbox):
        choose(settings_for_event, "pending", approval_required=True)
        pending = registers(settings_for_event, committed)
        (message,) = to(mailoutbox, lead)
        title = settings_for_event.event.localized_for("en").title
        assert message.subject == SUBJECTS["pending"]["en"] + title
        mailoutbox.clear()
        OrganiserNotice.objects.update(sent_at=None)
        with committed():
            services.cancel(pending, by=pending.person.user, as_participant=True)
        choose(settings_for_event, "pending", approval_required=False)
        registers(settings_for_event, committed)  # confirmed at once: nothing to approve
        assert to(mailoutbox, lead) == []

    def test_every_registration_and_cancellation(self, settings_for_event, lead, committed, mailoutbox):
        choose(settings_for_event, "all", capacity=1)
        title = settings_for_event.event.localized_for("en").title
        confirmed = registers(settings_for_event, committed)
        OrganiserNotice.objects.update(sent_at=None)
        registers(settings_for_event, committed)  # waitlisted
        OrganiserNotice.objects.update(sent_at=None)
        with committed():
            services.cancel(confirmed, by=confirmed.person.user, as_participant=True)
        subjects = [message.subject for message in to(mailoutbox, lead)]
        assert subjects == [
            SUBJECTS["registered"]["en"] + title,
            SUBJECTS["registered"]["en"] + title,
            SUBJECTS["cancelled"]["en"] + title,
        ]
        bodies = [message.body for message in to(mailoutbox, lead)]
        assert "Status: Confirmed" in bodies[0]
        assert "Status: On the waiting list" in bodies[1]
        assert "Status: Cancelled" in bodies[2]

    def test_what_staff_do_themselves_is_not_emailed(self, settings_for_event, lead, committed, mailoutbox):
        choose(settings_for_event, "all")
        staff = UserFactory(is_staff=True, is_superuser=True)
        with committed():
            added = register(settings_for_event.event, PersonFactory(), source=RegistrationSource.STAFF, by=staff)
            register(settings_for_event.event, PersonFactory(), source=RegistrationSource.IMPORT, send_email=False)
            services.cancel(added, by=staff)
        assert to(mailoutbox, lead) == []


class TestRecipients:
    def test_the_events_organisers_only(self, settings_for_event, lead, committed, mailoutbox):
        event = settings_for_event.event
        choose(settings_for_event, "all")
        desk = desk_staff(event)
        reporter = UserFactory(is_staff=True)
        from events.models import EventRole, EventTeamMember

        EventTeamMember.objects.create(event=event, user=reporter, role=EventRole.REPORTER)
        elsewhere = organiser_of(event_page(), "en")
        gone = organiser_of(event, "en", is_active=False)
        no_address = organiser_of(event, "en", email="")
        superuser = UserFactory(is_staff=True, is_superuser=True)
        group_member = organiser(edit_pages_under=event)
        registers(settings_for_event, committed)
        assert sorted(organisers_emailed(mailoutbox)) == sorted([lead.email, group_member.email])
        for user in (desk, reporter, elsewhere, gone, no_address, superuser):
            assert to(mailoutbox, user) == []
        # One owner for the rule: everyone listed may manage the event's registrations.
        listed = set(event_organisers(event))
        assert {lead, group_member, no_address} == listed
        assert all(can_manage_event(user, event) for user in listed)
        assert not any(can_manage_event(user, event) for user in (desk, reporter, elsewhere, gone))

    def test_without_organisers_the_superusers_are_told(self, settings_for_event, committed, mailoutbox):
        choose(settings_for_event, "all")
        admin = admin_in(UserFactory(is_staff=True, is_superuser=True), "en")
        UserFactory(is_staff=True, is_superuser=True, is_active=False)
        desk_staff(settings_for_event.event)
        registers(settings_for_event, committed)
        assert organisers_emailed(mailoutbox) == [admin.email]


class TestContent:
    @pytest.mark.parametrize("language", ["ar", "en"])
    def test_in_the_organisers_language_without_personal_data(
        self, settings_for_event, committed, mailoutbox, language
    ):
        choose(settings_for_event, "pending", approval_required=True)
        reader = organiser_of(settings_for_event.event, language)
        registration = registers(
            settings_for_event,
            committed,
            language="en" if language == "ar" else "ar",
            name="Layla Hassan",
            name_ar="ليلى حسن",
            email="layla.private@example.org",
            phone="+964 770 1234567",
            gender="female",
        )
        (message,) = to(mailoutbox, reader)
        title = settings_for_event.event.localized_for(language).title
        assert message.subject == SUBJECTS["pending"][language] + title
        html = html_of(message)
        url = f"/admin/registrations/event/{registration.event_id}/registration/{registration.pk}/"
        for text in (message.body, html):
            assert registration.reference in text
            assert title in text
            assert "http://" in text and url in text
            assert ("ليلى حسن" if language == "ar" else "Layla Hassan") in text
            assert ("Layla Hassan" if language == "ar" else "ليلى حسن") not in text
            for private in ("layla.private", "1234567", "female", "أنثى"):
                assert private not in text
        if language == "ar":
            assert "الحالة: بانتظار الموافقة" in message.body
            assert 'dir="rtl"' in html and 'lang="ar"' in html
        else:
            assert "Status: Pending approval" in message.body
            assert 'dir="ltr"' in html and 'lang="en"' in html

    def test_no_answers_in_the_email(self, settings_for_event, lead, committed, mailoutbox):
        from tests.factories.registrations import QuestionFactory

        question = QuestionFactory(settings=settings_for_event, field_type="singleline", label="Why")
        choose(settings_for_event, "all")
        with committed():
            register(settings_for_event.event, PersonFactory(), answers={question.clean_name: "secret-answer-42"})
        (message,) = to(mailoutbox, lead)
        assert "secret-answer-42" not in message.body and "secret-answer-42" not in html_of(message)


class TestCoalescing:
    def test_one_email_in_ten_minutes_then_the_count_since(self, settings_for_event, lead, committed, mailoutbox):
        choose(settings_for_event, "all")
        first = registers(settings_for_event, committed)
        for _ in range(3):
            registers(settings_for_event, committed)
        with committed():
            services.cancel(first, by=first.person.user, as_participant=True)
        assert len(to(mailoutbox, lead)) == 1
        notice = OrganiserNotice.objects.get(event=settings_for_event.event)
        assert (notice.registrations, notice.cancellations) == (3, 1)
        # Ten minutes later, the next registration brings the count since the last email.
        OrganiserNotice.objects.update(sent_at=notice.sent_at - dt.timedelta(minutes=10))
        registers(settings_for_event, committed)
        first_email, digest = to(mailoutbox, lead)
        title = settings_for_event.event.localized_for("en").title
        assert digest.subject == f"[Multaqa] New registrations and cancellations: {title}"
        assert "4 new registrations, 1 cancellation" in digest.body
        assert f"/admin/registrations/event/{settings_for_event.event_id}/?ordering=-created_at" in digest.body
        assert "Reference" not in digest.body
        notice.refresh_from_db()
        assert (notice.registrations, notice.cancellations) == (0, 0)

    def test_the_arabic_digest_of_requests_links_to_those_pending(self, settings_for_event, committed, mailoutbox):
        choose(settings_for_event, "pending", approval_required=True)
        reader = organiser_of(settings_for_event.event, "ar")
        now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
        registrations = [register(settings_for_event.event, PersonFactory()) for _ in range(3)]
        with committed():
            for minute, registration in zip((0, 4, 9), registrations, strict=True):
                organiser_emails.counted(registration.pk, "registered", now=now + dt.timedelta(minutes=minute))
            # Nothing more within the ten minutes; at the end, the later task sends what was counted.
            assert organiser_emails.counted(None, None, event_id=settings_for_event.event_id, now=now) == 0
        with committed():
            sent = organiser_emails.counted(
                None, None, event_id=settings_for_event.event_id, now=now + dt.timedelta(minutes=10)
            )
        assert sent == 1
        first, digest = to(mailoutbox, reader)
        assert digest.subject.startswith("[ملتقى] تسجيلات جديدة بانتظار الموافقة: ")
        assert "تسجيلان جديدان" in digest.body
        assert "?status=pending" in digest.body

    def test_an_empty_interval_sends_nothing(self, settings_for_event, lead, committed, mailoutbox):
        choose(settings_for_event, "all")
        registers(settings_for_event, committed)
        later = OrganiserNotice.objects.get().sent_at + dt.timedelta(minutes=11)
        assert organiser_emails.counted(None, None, event_id=settings_for_event.event_id, now=later) == 0
        assert len(to(mailoutbox, lead)) == 1


def test_the_setting_is_in_the_settings_form_in_both_languages(admin_client_in, settings_for_event):
    url = f"/admin/registrations/event/{settings_for_event.event_id}/settings/"
    english = admin_client_in("en").get(url).content.decode()
    assert 'name="notify_organisers"' in english
    assert "Email the organisers" in english and "Emails to the organisers" in english
    assert "Requests waiting for approval" in english and "Every registration and cancellation" in english
    assert "at most one email every 10 minutes" in english
    arabic = admin_client_in("ar").get(url).content.decode()
    assert "مراسلة فريق التنظيم" in arabic
    assert "الطلبات التي تنتظر الموافقة" in arabic
    response = admin_client_in("en").post(url, {**form_data(english), "notify_organisers": "pending"})
    assert response.status_code == 302
    settings_for_event.refresh_from_db()
    assert settings_for_event.notify_organisers == "pending"


def form_data(html):
    """The settings form's fields as the page fills them."""
    import re

    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data.setdefault(name, value)
    for name in re.findall(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"[^>]*checked', html):
        data[name] = "on"
    return data


@pytest.mark.parametrize("choice", ["never", "pending", "all"])
def test_a_registration_runs_the_same_statements_whatever_the_choice(settings_for_event, choice):
    """The choice is read from the settings row the registration locks anyway; an email, when
    one is wanted, is queued after the commit (or as one task row with the database queue)."""
    choose(settings_for_event, choice)
    register(settings_for_event.event_id, PersonFactory())  # the event is counted
    person = PersonFactory()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        register(settings_for_event.event_id, person)
    assert [q["sql"].split()[0] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == [
        "SELECT",  # the lock, with the counts and the choice
        "INSERT",  # the registration
        "UPDATE",  # its event's counter
        "INSERT",  # its history
    ]


def test_with_the_database_queue_the_end_of_a_burst_is_emailed_when_the_interval_ends(
    settings, monkeypatch, settings_for_event, lead, mailoutbox
):
    """Production's queue: the registration writes one task row more, in its transaction; the
    first change counted within the interval queues the email for the interval's end."""
    from django_tasks_db.models import DBTaskResult

    from tests.test_tasks import database_queue

    run = database_queue(settings, monkeypatch)
    choose(settings_for_event, "all")
    register(settings_for_event.event_id, PersonFactory())
    run()
    assert len(to(mailoutbox, lead)) == 1
    person = PersonFactory()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        register(settings_for_event.event_id, person)
    statements = [q["sql"].split()[0] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The lock, the registration, the counter, the history, the participant's email task and
    # the organisers' task.
    assert statements == ["SELECT", "INSERT", "UPDATE", "INSERT", "INSERT", "INSERT"]
    assert sum("tell_organisers" in q["sql"] for q in queries.captured_queries) == 1
    run()
    assert len(to(mailoutbox, lead)) == 1  # counted, not sent
    (later,) = DBTaskResult.objects.filter(task_path__endswith="tell_organisers_later", status="READY")
    assert later.run_after == OrganiserNotice.objects.get().sent_at + organiser_emails.INTERVAL
    DBTaskResult.objects.filter(pk=later.pk).update(run_after=later.run_after - dt.timedelta(minutes=10))
    with monkeypatch.context() as patched:
        ten_minutes_on = OrganiserNotice.objects.get().sent_at + organiser_emails.INTERVAL
        patched.setattr(organiser_emails.timezone, "now", lambda: ten_minutes_on)
        run()
    _first, digest = to(mailoutbox, lead)
    assert "1 new registration." in digest.body
