"""Registration by invitation only: the rule in the registration service (no registration
without a valid invitation of the event, one registration per invitation, capacity as for
anyone), and organisers adding invitations by pasting lines, each emailed in the chosen
language once the transaction commits, with one audit entry per batch."""

import pytest
from wagtail.models import PageLogEntry

from events import audit
from events.registrations.models import Invitation, Registration, RegistrationStatus
from events.registrations.services import RegistrationError, register
from events.registrations.services import invitations as service
from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def closed_event(settings_for_event):
    settings_for_event.invitation_only = True
    settings_for_event.save()
    return settings_for_event.event


def invitation_of(event, email="guest@example.org", **fields):
    return Invitation.objects.create(event=event, email=email, **fields)


class TestRegisterWithInvitation:
    def test_without_an_invitation_nothing_is_stored(self, closed_event):
        _user, person = participant()
        with pytest.raises(RegistrationError) as refused:
            register(closed_event, person)
        assert refused.value.code == "invitation_only"
        assert "التسجيل في هذه الفعالية بالدعوة فقط." in str(refused.value)  # the site speaks Arabic first
        assert not Registration.objects.filter(event=closed_event).exists()

    def test_a_valid_invitation_registers_and_is_marked_used(self, closed_event):
        invitation = invitation_of(closed_event)
        _user, person = participant()
        registration = register(closed_event, person, invitation=invitation)
        assert registration.status == RegistrationStatus.CONFIRMED
        invitation.refresh_from_db()
        assert invitation.registration == registration
        assert invitation.status == "registered"

    def test_a_used_invitation_refuses_someone_else(self, closed_event):
        invitation = invitation_of(closed_event)
        register(closed_event, participant()[1], invitation=invitation)
        _user, other = participant()
        with pytest.raises(RegistrationError) as refused:
            register(closed_event, other, invitation=invitation)
        assert refused.value.code == "invitation_used"
        assert Registration.objects.filter(event=closed_event).count() == 1

    @pytest.mark.parametrize("field", ["revoked", "other_event"])
    def test_revoked_or_another_events_invitation_is_refused(self, closed_event, field):
        if field == "revoked":
            from django.utils import timezone

            invitation = invitation_of(closed_event, revoked_at=timezone.now())
            code = "invitation_revoked"
        else:
            invitation = invitation_of(SettingsFactory().event)
            code = "not_found"
        with pytest.raises(RegistrationError) as refused:
            register(closed_event, participant()[1], invitation=invitation)
        assert refused.value.code == code
        assert not Registration.objects.filter(event=closed_event).exists()
        invitation.refresh_from_db()
        assert invitation.registration is None

    def test_an_unknown_token_is_not_found(self, closed_event):
        from events.registrations.services.invitation_rules import invitation_for

        invitation_of(closed_event)
        with pytest.raises(RegistrationError) as refused:
            invitation_for(closed_event.pk, "not-a-token")
        assert refused.value.code == "not_found"

    def test_capacity_and_the_waiting_list_apply_to_the_invited(self, closed_event, settings_for_event):
        settings_for_event.capacity = 1
        settings_for_event.save()
        first = register(closed_event, participant()[1], invitation=invitation_of(closed_event, "a@example.org"))
        second = register(closed_event, participant()[1], invitation=invitation_of(closed_event, "b@example.org"))
        assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)

    def test_staff_still_add_people_without_an_invitation(self, closed_event, staff):
        from events.registrations.models import RegistrationSource

        registration = register(closed_event, participant()[1], source=RegistrationSource.STAFF, by=staff)
        assert registration.status == RegistrationStatus.CONFIRMED

    def test_the_same_person_may_use_it_again_after_cancelling(self, closed_event):
        from events.registrations.services import cancel

        invitation = invitation_of(closed_event)
        user, person = participant()
        first = register(closed_event, person, invitation=invitation)
        cancel(first, by=user, as_participant=True)
        again = register(closed_event, person, invitation=invitation)
        invitation.refresh_from_db()
        assert invitation.registration == again != first


class TestParsing:
    def test_the_three_forms_of_a_line(self):
        text = (
            "one@example.org\n\nHuda Kareem <Huda@Example.org>\nهدى كريم, huda2@example.org\nنور علي، noor@example.org"
        )
        assert service.parse_lines(text) == [
            ("", "one@example.org"),
            ("Huda Kareem", "huda@example.org"),
            ("هدى كريم", "huda2@example.org"),
            ("نور علي", "noor@example.org"),
        ]

    def test_bad_lines_are_named_by_number(self):
        with pytest.raises(service.LinesNotUnderstood) as refused:
            service.parse_lines("ok@example.org\nnot an address\nName <broken>\nok2@example.org")
        assert refused.value.code == "bad_lines"
        assert refused.value.lines == [(2, "not an address"), (3, "Name <broken>")]
        assert "الأسطر التي لم تُفهم: 2, 3." in str(refused.value)

    def test_more_than_five_hundred_are_refused(self):
        with pytest.raises(RegistrationError) as refused:
            service.parse_lines("\n".join(f"p{n}@example.org" for n in range(501)))
        assert refused.value.code == "too_many"
        assert "يمكن إضافة 500 دعوة على الأكثر" in str(refused.value)
        assert len(service.parse_lines("\n".join(f"p{n}@example.org" for n in range(500)))) == 500


class TestInvite:
    def test_bad_lines_add_nothing(self, closed_event, staff, mailoutbox):
        with pytest.raises(service.LinesNotUnderstood):
            service.invite(closed_event, "a@example.org\nnonsense", language="en", by=staff)
        assert not Invitation.objects.exists()
        assert mailoutbox == []

    def test_already_invited_are_skipped_and_named(self, closed_event, staff):
        invitation_of(closed_event, "known@example.org")
        batch = service.invite(
            closed_event, "Known <KNOWN@example.org>\nnew@example.org\nnew@example.org", language="ar", by=staff
        )
        assert [invitation.email for invitation in batch.invited] == ["new@example.org"]
        assert batch.skipped == ["known@example.org", "new@example.org"]
        assert Invitation.objects.filter(event=closed_event).count() == 2

    def test_emails_leave_after_the_commit_in_the_chosen_language(self, closed_event, staff, run_on_commit, mailoutbox):
        with run_on_commit() as callbacks:
            service.invite(closed_event, "Sam Lee <sam@example.org>", language="en", by=staff)
            assert mailoutbox == []
        assert len(callbacks) == 1
        (email,) = mailoutbox
        invitation = Invitation.objects.get(email="sam@example.org")
        assert email.to == ["sam@example.org"]
        assert email.subject == f"[Multaqa] You are invited to register: {closed_event.localized_for('en').title}"
        assert f"/en/registrations/{closed_event.pk}/invitation/{invitation.token}/" in email.body
        assert "Sam Lee, you are invited" in email.body
        assert invitation.invited_by == staff and invitation.sent_at is not None

    def test_an_arabic_invitation_reads_in_arabic(self, closed_event, staff, run_on_commit, mailoutbox):
        with run_on_commit():
            service.invite(closed_event, "guest@example.org", language="ar", by=staff)
        (email,) = mailoutbox
        assert email.subject.startswith("[ملتقى] ")
        assert f"/ar/registrations/{closed_event.pk}/invitation/" in email.body
        assert 'lang="ar" dir="rtl"' in email.alternatives[0][0]

    def test_one_audit_entry_per_batch_with_the_count(self, closed_event, staff):
        service.invite(closed_event, "a@example.org\nb@example.org\nc@example.org", language="ar", by=staff)
        entries = PageLogEntry.objects.filter(action=audit.INVITE)
        assert entries.count() == 1
        assert entries.get().data["rows"] == 3
        assert entries.get().page_id == closed_event.pk

    def test_send_again_and_revoke(self, closed_event, staff, run_on_commit, mailoutbox):
        invitation = invitation_of(closed_event, language="en")
        with run_on_commit():
            service.send_again(closed_event, invitation.pk, by=staff)
        assert len(mailoutbox) == 1
        service.revoke(closed_event, invitation.pk, by=staff)
        invitation.refresh_from_db()
        assert invitation.status == "revoked"
        with pytest.raises(RegistrationError) as refused:
            service.send_again(closed_event, invitation.pk, by=staff)
        assert refused.value.code == "invitation_revoked"
        assert PageLogEntry.objects.filter(action=audit.INVITE_REVOKE).count() == 1

    def test_someone_who_may_not_manage_the_event_is_refused(self, closed_event):
        with pytest.raises(RegistrationError) as refused:
            service.invite(closed_event, "a@example.org", language="ar", by=UserFactory(is_staff=True))
        assert refused.value.code == "forbidden"
        assert not Invitation.objects.exists()
