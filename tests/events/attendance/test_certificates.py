"""Certificates: issued to those the completion rule makes eligible and to no one else, once
each, revoked with a reason; their codes read back however they are typed; the bilingual PDF
and the email that tells the holder."""

import re
import subprocess

import pytest
from django.utils import translation

from events.attendance.errors import AttendanceError
from events.attendance.models import Certificate, CompletionRule, Method
from events.attendance.services import certificates as service
from events.attendance.services import check_in
from events.attendance.services.certificates import (
    certificate_pdf,
    find,
    grouped,
    issue,
    issue_eligible,
    normalised,
    revoke,
)
from events.attendance.services.completion import progress_for
from events.registrations.models import RegistrationStatus
from tests.events.registrations.test_tickets import ticket_text as pdf_text
from tests.factories.accounts import UserFactory
from tests.factories.attendance import plan
from tests.factories.events import image
from tests.factories.registrations import RegistrationFactory, english_of

pytestmark = pytest.mark.django_db


def attended(registration, seminars, count):
    for slot in seminars[:count]:
        check_in(registration, slot.key, method=Method.ONLINE, minutes=80)
    return registration


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the transaction's commit (the emails) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, first_name="Layla", last_name="Hassan")


def pdf_tool(tool, content, tmp_path, *options):
    """What a poppler tool (pdfinfo, pdfimages) says of the PDF."""
    path = tmp_path / "tool.pdf"
    path.write_bytes(content)
    return subprocess.run([tool, *options, str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603


class TestIssuing:
    def test_an_eligible_participant_gets_one_certificate_stating_their_attendance(
        self, programme, seminars, staff, committed, mailoutbox
    ):
        registration = attended(RegistrationFactory(event=programme), seminars, 3)
        with committed():
            certificate, created = issue(registration, by=staff)
        assert created and certificate.registration == registration and certificate.issued_by == staff
        assert (certificate.slots_attended, certificate.slots_total, certificate.minutes) == (3, 4, 240)
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{10}", certificate.code)
        assert len(mailoutbox) == 1 and mailoutbox[0].to == [registration.person.email]

        with committed():
            again, created = issue(registration, by=staff)
        assert (again.pk, created) == (certificate.pk, False)
        assert Certificate.objects.count() == 1 and len(mailoutbox) == 1

    def test_not_eligible_is_refused_with_what_is_missing(self, programme, seminars):
        registration = attended(RegistrationFactory(event=programme), seminars, 2)
        with translation.override("en"), pytest.raises(AttendanceError) as refused:
            issue(registration)
        assert refused.value.code == "not_eligible"
        assert str(refused.value) == "Not eligible for a certificate yet: 2 of 4 attended; 1 more for a certificate."
        with translation.override("ar"), pytest.raises(AttendanceError) as refused:
            issue(registration)
        with translation.override("ar"):
            missing = progress_for(registration).summary()
            assert str(refused.value) == f"لم تتحقق شروط الشهادة بعد: {missing}"
            assert "2 من 4" in missing
        assert not Certificate.objects.exists()

    @pytest.mark.parametrize(
        ("status", "code"),
        [(RegistrationStatus.CANCELLED, "cancelled"), (RegistrationStatus.WAITLISTED, "waitlisted")],
    )
    def test_only_confirmed_participants_receive_one(self, programme, seminars, status, code):
        registration = attended(RegistrationFactory(event=programme), seminars, 4)
        registration.status = status
        registration.save()
        with pytest.raises(AttendanceError) as refused:
            issue(registration)
        assert refused.value.code == code and not Certificate.objects.exists()

    def test_an_event_without_a_rule_has_no_certificates(self, programme, seminars):
        plan(programme, completion_rule=CompletionRule.NONE, completion_value=None)
        registration = attended(RegistrationFactory(event=programme), seminars, 4)
        for attempt in (lambda: issue(registration), lambda: issue_eligible(programme)):
            with translation.override("en"), pytest.raises(AttendanceError) as refused:
                attempt()
            assert refused.value.code == "no_rule" and "attendance plan" in str(refused.value)
        assert not Certificate.objects.exists()

    def test_issuing_to_all_eligible_issues_to_those_without_one(
        self, programme, seminars, staff, committed, mailoutbox
    ):
        done, fresh_a, fresh_b = (attended(RegistrationFactory(event=programme), seminars, 4) for _ in range(3))
        short = attended(RegistrationFactory(event=programme), seminars, 1)
        withdrawn = attended(RegistrationFactory(event=programme), seminars, 3)
        cancelled = attended(RegistrationFactory(event=programme), seminars, 4)
        cancelled.status = RegistrationStatus.CANCELLED
        cancelled.save()
        first, _created = issue(done)
        revoke(issue(withdrawn)[0], reason="Attendance recorded by mistake")
        with committed():
            created = issue_eligible(english_of(programme), by=staff)
        assert {c.registration_id for c in created} == {fresh_a.pk, fresh_b.pk}
        assert all(c.issued_by == staff and c.slots_attended == 4 for c in created)
        assert {m.to[0] for m in mailoutbox} == {fresh_a.person.email, fresh_b.person.email}
        assert not Certificate.objects.filter(registration__in=[short, cancelled]).exists()
        assert Certificate.objects.get(registration=withdrawn).is_revoked
        assert Certificate.objects.get(registration=done).pk == first.pk
        assert issue_eligible(programme) == []
        assert Certificate.objects.count() == 4


class TestRevoking:
    def test_revoking_needs_a_reason_and_happens_once(self, programme, seminars, staff):
        certificate, _created = issue(attended(RegistrationFactory(event=programme), seminars, 3))
        with translation.override("en"), pytest.raises(AttendanceError) as refused:
            revoke(certificate, by=staff, reason="   ")
        assert refused.value.code == "reason_required" and "why" in str(refused.value)
        certificate.refresh_from_db()
        assert not certificate.is_revoked

        revoke(certificate, by=staff, reason="  Attended  on a colleague's   ticket ")
        certificate.refresh_from_db()
        assert certificate.is_revoked and certificate.revoked_by == staff
        assert certificate.revoked_reason == "Attended on a colleague's ticket"
        with translation.override("en"), pytest.raises(AttendanceError) as refused:
            revoke(certificate, by=staff, reason="Again")
        assert refused.value.code == "already_revoked" and "already revoked on" in str(refused.value)

    def test_a_revoked_certificate_is_not_issued_again(self, programme, seminars):
        registration = attended(RegistrationFactory(event=programme), seminars, 3)
        revoke(issue(registration)[0], reason="Mistake")
        with translation.override("en"), pytest.raises(AttendanceError) as refused:
            issue(registration)
        assert refused.value.code == "revoked" and "revoked on" in str(refused.value)
        with pytest.raises(AttendanceError) as refused:
            certificate_pdf(Certificate.objects.get())
        assert refused.value.code == "revoked"
        assert Certificate.objects.count() == 1


class TestCodes:
    @pytest.mark.parametrize(
        "typed",
        ["7KQ2M-XC9RD", "7kq2mxc9rd", " 7kq2m xc9rd ", "7KQ2M–XC9RD", "٧KQ٢M-XC٩RD", "7KQ2M_XC9RD"],
    )
    def test_a_code_reads_back_however_it_is_typed(self, typed):
        assert normalised(typed) == "7KQ2MXC9RD"

    def test_letters_people_misread_are_read_as_digits(self):
        assert normalised("ABCDE-FGHIO") == "ABCDEFGH10"
        assert normalised("lllll-ooooo") == "1111100000"

    @pytest.mark.parametrize(
        "typed", ["", "7KQ2M", "7KQ2M-XC9RD-1", "7KQ2M-XC9R!", "شهادة", "../../etc", "%00", "x" * 5000, None]
    )
    def test_anything_else_is_no_code(self, typed):
        assert normalised(typed) == ""

    def test_codes_are_drawn_at_random_and_found_in_any_case(self, programme, seminars):
        people = [attended(RegistrationFactory(event=programme), seminars, 3) for _ in range(3)]
        codes = [issue(person)[0].code for person in people]
        assert len(set(codes)) == 3
        assert len({service.new_code() for _ in range(2000)}) == 2000
        wanted = Certificate.objects.get(code=codes[1])
        assert find(grouped(codes[1]).lower()) == wanted
        assert find(codes[1][:5] + " " + codes[1][5:]) == wanted
        assert find("00000-00000") is None and find("not a code") is None


class TestPdf:
    def test_the_certificate_in_both_scripts_with_organisers_signatory_and_code(self, programme, seminars, tmp_path):
        registration = attended(RegistrationFactory(event=programme), seminars, 3)
        person = registration.person
        person.name, person.name_ar = "Maha Dawood", "مها داود"
        person.save()
        organiser = programme.partners.get(role="organiser").organisation
        organiser.logo = image("tigris-logo", size=(120, 60))
        organiser.save()
        certificate, _created = issue(registration)

        content = certificate_pdf(certificate)

        # pdftotext reads some joined Arabic letters back in visual order ("ني" as "ين"): the
        # words checked in the PDF are ones it reads back whole; the rest is checked in its HTML.
        text = pdf_text(content, tmp_path)
        assert "Maha Dawood" in text and "مها داود" in text
        assert "Dialogue Seminars Programme" in text and "برنامج ندوات الحوار" in text
        assert "Attended 3 of 4 sessions, 4 hours" in text
        assert "Certificate of completion".upper() in text and "شهادة إتمام" in text
        assert "Dr. Sara Kareem, Programme Director" in text
        assert "Organised by: Tigris Dialogue Centre" in text and "مركز دجلة للحوار" in text
        assert "Sponsor Fund" not in text  # a sponsor is no organiser
        assert grouped(certificate.code) in text.replace(" ", "")  # letter-spaced
        assert f"/ar/certificates/verify/{grouped(certificate.code)}/" in text.replace(" ", "")
        assert person.email not in text and registration.reference not in text
        html = service.certificates_html([certificate])
        assert "حضور 3 من 4 جلسات، 4 ساعات" in html
        assert "د. سارة كريم، مديرة البرنامج" in html
        assert '<div class="half" dir="rtl" lang="ar">' in html
        assert re.search(r"Page size:\s+841\.89 x 595\.2\d* pts \(A4\)", pdf_tool("pdfinfo", content, tmp_path))
        images = pdf_tool("pdfimages", content, tmp_path, "-list")
        assert re.search(r"^\s+1\s+\d+\s+image\s+120\s+60\b", images, re.MULTILINE), images  # the logo

    def test_long_names_and_titles_still_fit_one_page(self, programme, seminars, tmp_path):
        english = english_of(programme)
        english.title = "National Programme of Interreligious and Intercultural Dialogue Seminars for Young Leaders"
        english.save_revision().publish()
        programme.title = "البرنامج الوطني لندوات الحوار بين أتباع الأديان والثقافات للقيادات الشبابية في العراق"
        programme.save_revision().publish()
        registration = attended(RegistrationFactory(event=programme), seminars, 4)
        person = registration.person
        person.name = "Abdulrahman Mohammed Abdulkareem Al-Hashimi Al-Baghdadi"
        person.name_ar = "عبد الرحمن محمد عبد الكريم الهاشمي البغدادي"
        person.save()
        certificate, _created = issue(registration)
        info = pdf_tool("pdfinfo", certificate_pdf(certificate), tmp_path)
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info

    def test_a_lost_logo_file_leaves_the_logo_out(self, programme, seminars, tmp_path):
        organiser = programme.partners.get(role="organiser").organisation
        organiser.logo = image("lost-logo")
        organiser.save()
        organiser.logo.file.storage.delete(organiser.logo.file.name)
        certificate, _created = issue(attended(RegistrationFactory(event=programme), seminars, 4))
        assert "Tigris Dialogue Centre" in pdf_text(certificate_pdf(certificate), tmp_path)


class TestEmail:
    @pytest.mark.parametrize(
        ("language", "subject", "words"),
        [
            ("en", "Your certificate: Dialogue Seminars Programme", "/en/my/events/"),
            ("ar", "شهادتك: برنامج ندوات الحوار", "/ar/my/events/"),
        ],
    )
    def test_the_holder_is_told_in_their_language(
        self, programme, seminars, committed, mailoutbox, language, subject, words
    ):
        registration = attended(RegistrationFactory(event=programme, language=language), seminars, 3)
        with committed():
            certificate, _created = issue(registration)
        email = mailoutbox[0]
        assert subject in email.subject
        assert words in email.body and grouped(certificate.code) in email.body
        assert f"/{language}/certificates/verify/{grouped(certificate.code)}/" in email.body
        html = email.alternatives[0][0]
        assert f'lang="{language}"' in html and ('dir="rtl"' in html) == (language == "ar")

    def test_nothing_is_sent_when_the_issue_is_rolled_back(self, programme, seminars, committed, mailoutbox):
        from django.db import transaction

        registration = attended(RegistrationFactory(event=programme), seminars, 3)
        with committed(), pytest.raises(RuntimeError), transaction.atomic():
            issue(registration)
            raise RuntimeError("the request failed after issuing")
        assert mailoutbox == [] and not Certificate.objects.exists()
