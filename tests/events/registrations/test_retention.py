"""Erasing an event's personal data when its retention period ends: the setting on the
organisers' screen, the dry run, the erasure (answers for every registration; phones and
genders only of people nothing kept still needs), a second run that finds nothing, the
audit entry, and counts and report figures that read the same after."""

import dataclasses
import datetime as dt
import html
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.models import PageLogEntry

from events import audit
from events.attendance.models import Method
from events.attendance.services import check_in
from events.attendance.slots import slots_for
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services import retention
from events.reporting.services.event_report import event_report
from network.models import Person
from tests.factories.events import event_page as event_with_agenda
from tests.factories.network import PersonFactory
from tests.factories.registrations import (
    QuestionFactory,
    RegistrationFactory,
    SettingsFactory,
    event_page,
    organiser,
    settings_form_data,
)

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
ANSWERS = {"field": "Media", "why": "To learn from others."}


def ended(days_ago, retention_days=30, **fields):
    """The settings of a two-day event that ended ``days_ago`` days ago, keeping its personal
    data ``retention_days`` days."""
    start = (timezone.now() - days_ago * DAY - 2 * DAY).replace(minute=0, second=0, microsecond=0)
    page = event_page(start=start, end=start + dt.timedelta(days=1, hours=8), english=False, **fields)
    return SettingsFactory(event=page, capacity=50, retention_days=retention_days)


def registered(settings, person=None, **fields):
    return RegistrationFactory(event=settings.event, person=person or with_data(), answers=dict(ANSWERS), **fields)


def with_data(**fields):
    """A participant with a phone and a gender, and no public profile."""
    return PersonFactory(participant=True, phone=fields.pop("phone", "+964 770 555 0101"), gender="female", **fields)


@pytest.fixture
def people(demo_site):
    """An event whose retention ended (a year ago, kept 30 days) with five people registered:
    ``alone`` came to it only; ``returning`` is also registered for an upcoming event;
    ``public`` has a public profile; ``speaker`` speaks at an upcoming event; ``quiet`` gave
    no phone or gender. And an older event whose retention ended too, where ``alone`` had
    registered before."""
    old = ended(days_ago=700)
    past = ended(days_ago=365)
    QuestionFactory(settings=past, label="Your field")
    upcoming = SettingsFactory()
    found = {
        "alone": with_data(),
        "returning": with_data(),
        "public": with_data(public_profile=True),
        "speaker": with_data(),
        "quiet": PersonFactory(participant=True, gender=""),
    }
    for person in found.values():
        registered(past, person)
    registered(upcoming, found["returning"])
    registered(old, found["alone"], status=RegistrationStatus.CANCELLED)
    start = timezone.now() + 30 * DAY
    opening = {"title": "Opening", "start": start, "end": start + dt.timedelta(hours=1)}
    opening["speakers"] = [{"person": found["speaker"], "role": "speaker"}]
    event_with_agenda(slug="retention-upcoming-agenda", start=start, end=start + DAY, sessions=[opening])
    slots = slots_for(past.event)
    for number, registration in enumerate(past.event.registrations.all()):
        check_in(registration, slots[number % len(slots)].key, method=Method.SCAN)
    return {"past": past, "old": old, "upcoming": upcoming, **found}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("erase_expired_data", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def snapshot():
    """Every person's phone and gender, every registration's answers and status, every
    settings row's marks and every audit entry."""
    return (
        sorted(Person.objects.values_list("pk", "phone", "gender")),
        sorted(
            (pk, status, sorted(answers))
            for pk, status, answers in Registration.objects.values_list("pk", "status", "answers")
        ),
        sorted(RegistrationSettings.objects.values_list("pk", "personal_data_erased_at", "retention_days")),
        PageLogEntry.objects.filter(action=audit.ERASE).count(),
    )


def test_a_dry_run_says_what_would_go_and_changes_nothing(people):
    before = snapshot()
    output = run()
    assert snapshot() == before
    past, old = people["past"], people["old"]
    # Five registrations answered; alone, speaker and returning... only alone's phone and
    # gender go (the others are needed elsewhere), and the quiet one had none to give.
    assert f"{past.event.title} (event {past.event_id}, retention ended " in output
    assert "would erase the answers of 5 registration(s), 1 phone(s) and 1 gender(s)." in output
    # The older event: its one registration's answers; alone is counted where they were
    # registered last, not twice.
    assert f"{old.event.title} (event {old.event_id}" in output
    assert "would erase the answers of 1 registration(s), 0 phone(s) and 0 gender(s)." in output
    assert output.index(past.event.title) < output.index(old.event.title)  # the most recently ended first
    assert people["upcoming"].event.title not in output
    assert output.rstrip().endswith("Dry run: nothing was changed. Run with --apply to erase.")


def test_apply_erases_answers_and_the_data_of_people_no_one_needs(people):
    output = run("--apply")
    assert "erased the answers of 5 registration(s), 1 phone(s) and 1 gender(s)." in output
    assert "for 2 event(s)" in output
    for settings in (people["past"], people["old"]):
        assert (
            list(Registration.objects.filter(event=settings.event).values_list("answers", flat=True))
            == [{}] * settings.event.registrations.count()
        )
        settings.refresh_from_db()
        assert settings.personal_data_erased_at is not None
    (answered,) = Registration.objects.filter(event=people["upcoming"].event)
    assert answered.answers == ANSWERS  # an event still kept keeps its answers
    names = ("alone", "returning", "public", "speaker", "quiet")
    data = {name: Person.objects.values_list("phone", "gender").get(pk=people[name].pk) for name in names}
    assert data["alone"] == ("", "")
    assert data["returning"] == ("+964 770 555 0101", "female")  # registered for an upcoming event
    assert data["public"] == ("+964 770 555 0101", "female")  # a public profile in the directory
    assert data["speaker"] == ("+964 770 555 0101", "female")  # speaks at an upcoming event
    assert data["quiet"] == ("", "")
    alone = Person.objects.get(pk=people["alone"].pk)
    assert (alone.name, alone.email) == (people["alone"].name, people["alone"].email)  # names stay


def test_the_reasons_written_to_participants_go_and_their_history_stays(people):
    from events.registrations.models import StatusChange

    registration = Registration.objects.get(event=people["old"].event)
    change = StatusChange.objects.create(
        registration=registration,
        from_status=RegistrationStatus.CONFIRMED,
        to_status=RegistrationStatus.CANCELLED,
        at=timezone.now(),
        note="waiting list",
        reason="Your employer asked us to cancel: the visa was refused.",
    )
    assert "1 reason(s) written to participants" in run()
    assert StatusChange.objects.get(pk=change.pk).reason != ""
    output = run("--apply")
    assert "and 1 reason(s) written to participants." in output
    kept = StatusChange.objects.get(pk=change.pk)
    assert (kept.reason, kept.note, kept.to_status) == ("", "waiting list", RegistrationStatus.CANCELLED)
    entry = PageLogEntry.objects.get(action=audit.ERASE, page=people["old"].event)
    assert entry.data["reasons"] == 1


def test_who_received_the_organisers_messages_goes_and_the_messages_stay(people):
    from events.registrations.models import EventMessage

    past = people["past"].event
    message = EventMessage.objects.create(event=past, subject="Venue", body="The Tigris Hall.", recipients=5)
    message.registrations.set(past.registrations.all())
    kept = EventMessage.objects.create(event=people["upcoming"].event, subject="Soon", body="See you.", recipients=1)
    kept.registrations.set(people["upcoming"].event.registrations.all())
    assert "5 record(s) of who received a message written to participants" in run()
    assert message.registrations.count() == 5
    run("--apply")
    message.refresh_from_db()
    assert (message.registrations.count(), message.recipients, message.body) == (0, 5, "The Tigris Hall.")
    assert kept.registrations.count() == 1
    entry = PageLogEntry.objects.get(action=audit.ERASE, page=past)
    assert entry.data["message_recipients"] == 5


def test_the_invitations_go_and_the_registrations_made_with_them_stay(people):
    from events.registrations.models import Invitation

    past = people["past"].event
    registration = past.registrations.first()
    used = Invitation.objects.create(event=past, email="used@example.org", name="Used", registration=registration)
    Invitation.objects.create(event=past, email="never.came@example.org", name="Never Came")
    kept = Invitation.objects.create(event=people["upcoming"].event, email="soon@example.org", name="Soon")
    assert "2 invitation(s) with the addresses and names of those invited" in run()
    assert Invitation.objects.filter(event=past).count() == 2
    run("--apply")
    assert list(Invitation.objects.values_list("pk", flat=True)) == [kept.pk]
    assert Registration.objects.filter(pk=registration.pk).exists() and used.registration_id == registration.pk
    entry = PageLogEntry.objects.get(action=audit.ERASE, page=past)
    assert entry.data["invitations"] == 2


def test_a_second_run_erases_nothing_more(people):
    run("--apply")
    after = snapshot()
    assert run() == "No event's retention period has ended with personal data left: nothing to erase.\n"
    assert run("--apply") == "No event's retention period has ended with personal data left: nothing to erase.\n"
    assert snapshot() == after


def test_the_person_kept_for_a_later_event_loses_their_data_when_that_one_ends(people):
    run("--apply")
    upcoming = people["upcoming"]
    upcoming.retention_days = 0
    upcoming.save()
    later = upcoming.event.end + DAY
    (erasure,) = retention.due(later)
    assert (erasure.event_id, erasure.answers, erasure.phones, erasure.genders) == (upcoming.event_id, 1, 1, 1)
    done = retention.erase(upcoming.event_id, now=later)
    assert dataclasses.astuple(done) == dataclasses.astuple(erasure)
    assert Person.objects.values_list("phone", "gender").get(pk=people["returning"].pk) == ("", "")
    assert Person.objects.values_list("phone", "gender").get(pk=people["public"].pk) == ("+964 770 555 0101", "female")


def test_answers_added_after_the_erasure_go_at_the_next_run(people):
    run("--apply")
    late = registered(people["past"], PersonFactory(participant=True, gender="male"))
    (erasure,) = retention.due()
    assert (erasure.event_id, erasure.first, erasure.answers, erasure.genders) == (people["past"].event_id, False, 1, 1)
    retention.erase(people["past"].event_id)
    late.refresh_from_db()
    assert late.answers == {}
    assert PageLogEntry.objects.filter(action=audit.ERASE, page=people["past"].event).count() == 2


def test_the_erasure_is_in_the_events_history_with_its_counts(people):
    run("--apply")
    entry = PageLogEntry.objects.get(action=audit.ERASE, page=people["past"].event)
    assert entry.user is None
    assert entry.data == {
        "rows": 5,
        "answers": 5,
        "reasons": 0,
        "message_recipients": 0,
        "phones": 1,
        "genders": 1,
        "retention_days": 30,
        "retention_ended": entry.data["retention_ended"],
    }
    assert entry.data["retention_ended"].startswith(str((people["past"].event.end + 30 * DAY).date()))
    with translation.override("en"):
        assert entry.message == "Erase personal data after the retention period: 5 rows"
    with translation.override("ar"):
        message = PageLogEntry.objects.get(pk=entry.pk).message
        label = translation.gettext(audit.ACTIONS[audit.ERASE])
    assert message == f"{label}: 5 صفوف"


def test_counts_and_report_figures_read_the_same_after(people):
    event = people["past"].event
    counts = services.Counts.for_event(event.pk)
    with translation.override("en"):
        before = event_report(event)
    assert [(row.label, row.count) for row in before.breakdowns[0].rows] == [("Female", 4), ("Not given", 1)]
    run("--apply")
    with translation.override("en"):
        after = event_report(event)
    assert services.Counts.for_event(event.pk) == counts
    assert after.erasure_note.startswith("The answers to the registration questions were erased on ")
    after.erasure_note = ""
    assert after == before
    people["past"].refresh_from_db()
    assert people["past"].kept_figures == {"gender": {"base": "participants", "counts": {"female": 4, "": 1}}}


def test_the_report_page_says_when_the_data_was_erased(client, people):
    event = people["past"].event
    run("--apply")
    client.force_login(organiser(edit_pages_under=event.get_parent()))
    day = timezone.localdate().day
    english = html.unescape(client.get(f"/admin/reports/{event.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert f"The answers to the registration questions were erased on {day} " in english
    arabic = html.unescape(client.get(f"/admin/reports/{event.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert f"حُذفت إجابات أسئلة التسجيل في {day} " in arabic


def test_nothing_goes_before_the_period_ends_or_without_one(demo_site):
    running = ended(days_ago=10, retention_days=30)
    kept = ended(days_ago=3000, retention_days=None)
    person = with_data()
    for settings in (running, kept):
        registered(settings, person)
    assert retention.due() == []
    assert run("--apply") == "No event's retention period has ended with personal data left: nothing to erase.\n"
    with pytest.raises(services.RegistrationError) as refused:
        retention.erase(running.event_id)
    assert refused.value.code == "not_ended"
    assert Person.objects.values_list("phone", "gender").get(pk=person.pk) == ("+964 770 555 0101", "female")


def test_new_events_keep_their_data_a_year_after_they_end(demo_site):
    settings = RegistrationSettings.objects.create(event=event_page(english=False))
    assert settings.retention_days == 365
    assert settings.retention_ends_at() == settings.event.end + 365 * DAY


def test_due_costs_the_same_queries_for_many_events(demo_site, django_assert_num_queries):
    registered(ended(days_ago=100))
    for number in (1, 4):
        # The events with their retention, the answers, the reasons and the messages' recipients
        # per event, the people who may lose their data.
        with django_assert_num_queries(6):
            assert len(retention.due()) == number
        for days_ago in (200, 300, 400):
            registered(ended(days_ago=days_ago))


@pytest.mark.django_db(transaction=True)
def test_someone_registering_elsewhere_while_their_data_is_erased_keeps_the_phone_they_give(demo_site):
    """A person of an expired event registers for an upcoming one, giving their phone again,
    at the moment the expired event's erasure has decided they are needed by no one. The
    erasure locks them first, so their profile and their registration wait until it has
    committed, and the new phone stays. Measured without that lock (the people read without
    ``select_for_update``) on PostgreSQL: the registration committed while the erasure waited,
    which then erased the phone just given, in 3 runs of 3. SQLite serialises the two
    transactions whole either way, so there it passes with or without."""
    past, upcoming = ended(days_ago=365), SettingsFactory()
    person = with_data()
    registered(past, person)
    new_phone = "+964 780 000 0202"
    outcome = {}

    def register_elsewhere():
        try:
            with transaction.atomic():
                profile = Person.objects.get(pk=person.pk)
                profile.phone = new_phone
                profile.save(update_fields=["phone"])
                services.register(upcoming.event, profile)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcome["error"] = error
        finally:
            connections.close_all()

    def meanwhile(event):
        """Runs inside the erasure, after it has chosen whose data goes."""
        outcome["thread"] = threading.Thread(target=register_elsewhere)
        outcome["thread"].start()
        outcome["thread"].join(timeout=1)
        return {}

    with hooks.register_temporarily(retention.KEEP_FIGURES_HOOK, meanwhile):
        retention.erase(past.event_id)
    outcome["thread"].join(timeout=30)

    assert "error" not in outcome
    assert Registration.objects.filter(person=person, event=upcoming.event).exists()
    # Registered after the erasure: the phone given again stays, the gender erased before is not back.
    assert Person.objects.values_list("phone", "gender").get(pk=person.pk) == (new_phone, "")


class TestSettingsScreen:
    def url(self, event):
        return f"/admin/registrations/event/{event.pk}/settings/"

    def post(self, client, event, retention_days, language):
        data = settings_form_data(retention_days=retention_days)
        return client.post(self.url(event), data, HTTP_ACCEPT_LANGUAGE=language)

    @pytest.fixture
    def signed_in(self, client, demo_site):
        event = event_page()
        client.force_login(organiser(edit_pages_under=event.get_parent()))
        return client, event

    @pytest.mark.parametrize(
        ("language", "label", "help_text", "days"),
        [
            ("en", "Days to keep personal data after the event", "Leave empty to keep everything.", "180"),
            ("ar", "عدد أيام الاحتفاظ بالبيانات الشخصية بعد الفعالية", "اتركه فارغًا للاحتفاظ بكل شيء.", "90"),
        ],
    )
    def test_the_organiser_sets_the_retention_in_either_language(self, signed_in, language, label, help_text, days):
        client, event = signed_in
        page = html.unescape(client.get(self.url(event), HTTP_ACCEPT_LANGUAGE=language).content.decode())
        assert label in page and help_text in page
        assert 'name="retention_days" value="365"' in page  # a new event's default
        response = self.post(client, event, days, language)
        assert response.status_code == 302
        assert RegistrationSettings.objects.get(event=event).retention_days == int(days)

    def test_an_empty_field_keeps_the_data(self, signed_in):
        client, event = signed_in
        assert self.post(client, event, "", "en").status_code == 302
        assert RegistrationSettings.objects.get(event=event).retention_days is None

    @pytest.mark.parametrize(
        ("days", "english", "arabic"),
        [
            ("-1", "The number of days cannot be negative.", "لا يمكن أن يكون عدد الأيام سالبًا."),
            (
                "3651",
                "Keep personal data for at most 3650 days (ten years), or leave the field empty to keep it.",
                "احتفظ بالبيانات الشخصية 3650 يومًا (عشر سنوات) على الأكثر، أو اترك الحقل فارغًا للاحتفاظ بها.",
            ),
            (
                "99999999999999999999",
                "Keep personal data for at most 3650 days (ten years), or leave the field empty to keep it.",
                "احتفظ بالبيانات الشخصية 3650 يومًا (عشر سنوات) على الأكثر، أو اترك الحقل فارغًا للاحتفاظ بها.",
            ),
            ("a year", "Enter a whole number of days.", "أدخل عددًا صحيحًا من الأيام."),
        ],
    )
    def test_bad_numbers_are_refused_with_a_message_and_change_nothing(self, signed_in, days, english, arabic):
        client, event = signed_in
        settings = SettingsFactory(event=event, retention_days=200)
        for language, message in (("en", english), ("ar", arabic)):
            response = self.post(client, event, days, language)
            assert response.status_code == 400
            assert message in html.unescape(response.content.decode())
        settings.refresh_from_db()
        assert (settings.retention_days, settings.capacity) == (200, 10)
