"""Certificate pages in both languages: public verification (holder, event and date, nothing
more; revoked; unknown or mangled codes), the holder's PDF, the organisers' screen, and My
events' progress and download."""

import html

import pytest
from django.utils import timezone

from events.attendance.models import AttendancePlan, Certificate, Method, PrintJob
from events.attendance.services import certificates, check_in
from events.attendance.services.certificates import grouped, issue, revoke
from tests.events.attendance.test_printing import pages_text
from tests.factories.attendance import desk_staff
from tests.factories.registrations import RegistrationFactory, event_page, organiser, participant
from tests.not_found import assert_not_found
from tests.quality.test_html_valid import JAVA, VNU, vnu_errors

pytestmark = pytest.mark.django_db


def attended(registration, seminars, count):
    for slot in seminars[:count]:
        check_in(registration, slot.key, method=Method.ONLINE, minutes=80)
    return registration


def text_of(response):
    return html.unescape(response.content.decode())


def posted(client, url, data):
    """The page an organiser working in English sees after sending ``data``."""
    return text_of(client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en"))


@pytest.fixture
def holder(programme, seminars):
    """A participant with an account, who attended three of the four seminars, and their
    certificate."""
    user, person = participant(name="Maha Dawood", name_ar="مها داود", phone="+964 770 123 4567")
    registration = attended(
        RegistrationFactory(event=programme, person=person, answers={"why": "Secret answer"}), seminars, 3
    )
    certificate, _created = issue(registration)
    return user, certificate


@pytest.fixture
def manager(programme):
    return organiser(edit_pages_under=programme.get_parent())


class TestVerification:
    @pytest.mark.parametrize(
        ("language", "title", "words"),
        [
            ("en", "Dialogue Seminars Programme", ["This certificate is valid.", "Issued on"]),
            ("ar", "برنامج ندوات الحوار", ["هذه الشهادة صحيحة.", "تاريخ الإصدار"]),
        ],
    )
    def test_shows_the_holder_event_and_dates_and_nothing_more(self, client, holder, language, title, words):
        _user, certificate = holder
        code = grouped(certificate.code)
        response = client.get(f"/{language}/certificates/verify/{code}/")
        page = text_of(response)
        assert response.status_code == 200
        assert "Maha Dawood" in page and "مها داود" in page and title in page and code in page
        assert all(word in page for word in words)
        issued = timezone.localtime(certificate.issued_at, certificate.registration.event.zone)
        assert str(issued.year) in page and str(issued.day) in page
        registration = certificate.registration
        for secret in (registration.person.email, "+964 770", "Secret answer", registration.reference):
            assert secret not in page
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in page
        assert '<meta name="robots" content="noindex">' in page

    @pytest.mark.parametrize("typed", ["{lower}", "{bare}", "{lower_bare}"])
    def test_the_code_is_found_whatever_its_case_and_dash(self, client, holder, typed):
        code = holder[1].code
        typed = typed.format(lower=grouped(code).lower(), bare=code, lower_bare=code.lower())
        page = text_of(client.get(f"/en/certificates/verify/{typed}/"))
        assert "This certificate is valid." in page and "Maha Dawood" in page

    def test_a_revoked_certificate_says_so_with_the_date(self, client, holder):
        _user, certificate = holder
        revoke(certificate, reason="Attended on a colleague's ticket")
        code = grouped(certificate.code)
        english = text_of(client.get(f"/en/certificates/verify/{code}/"))
        assert "This certificate was revoked on" in english and "It is no longer valid." in english
        assert str(timezone.localdate().year) in english
        arabic = text_of(client.get(f"/ar/certificates/verify/{code}/"))
        assert "أُلغيت هذه الشهادة في" in arabic
        for page in (english, arabic):
            assert "This certificate is valid." not in page and "Maha Dawood" not in page
            assert "colleague" not in page

    @pytest.mark.parametrize(
        "typed",
        [
            "ZZZZZ-ZZZZZ",
            "7KQ2M",
            "not-a-certificate-code",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%D8%B4%D9%87%D8%A7%D8%AF%D8%A9",
            "x" * 300,
            "..%2F..%2Fetc",
        ],
    )
    def test_an_unknown_or_mangled_code_finds_nothing_in_the_visitors_language(self, client, holder, typed):
        english = client.get(f"/en/certificates/verify/{typed}/")
        assert english.status_code == 404 and "No certificate has this code." in text_of(english)
        assert "Maha Dawood" not in text_of(english) and "<script>" not in english.content.decode()
        arabic = client.get(f"/ar/certificates/verify/{typed}/")
        assert arabic.status_code == 404 and "لا توجد شهادة بهذا الرمز." in text_of(arabic)
        assert 'dir="rtl"' in text_of(arabic)

    def test_a_nul_character_is_turned_away_as_on_every_page(self, client, holder):
        in_path = client.get("/en/certificates/verify/%00/")
        assert in_path.status_code == 404 and '<html lang="en"' in text_of(in_path)
        in_query = client.get("/ar/certificates/verify/", {"code": "\x00"})
        assert in_query.status_code == 400 and '<html lang="ar" dir="rtl">' in text_of(in_query)
        for response in (in_path, in_query):
            assert "Maha Dawood" not in text_of(response) and "مها داود" not in text_of(response)

    def test_the_form_leads_to_the_certificate_or_says_it_found_nothing(self, client, holder):
        code = holder[1].code
        empty = client.get("/en/certificates/verify/")
        assert empty.status_code == 200 and 'name="code"' in text_of(empty)
        found = client.get("/en/certificates/verify/", {"code": f" {code.lower()} "})
        assert found.status_code == 302 and found["Location"] == f"/en/certificates/verify/{grouped(code)}/"
        unknown = client.get("/ar/certificates/verify/", {"code": "شهادتي"})
        assert unknown.status_code == 404 and "لا توجد شهادة بهذا الرمز." in text_of(unknown)
        assert 'value="شهادتي"' in text_of(unknown)


class TestDownload:
    def test_the_holder_downloads_their_pdf(self, client, holder):
        user, certificate = holder
        client.force_login(user)
        response = client.get(f"/ar/certificates/{grouped(certificate.code)}.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert "no-store" in response["Cache-Control"]
        assert grouped(certificate.code) in response["Content-Disposition"]

    def test_the_events_organisers_download_it_too(self, client, holder, manager):
        client.force_login(manager)
        response = client.get(f"/en/certificates/{holder[1].code.lower()}.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")

    def test_anyone_else_finds_nothing(self, client, holder, demo_site):
        _user, certificate = holder
        url = f"/ar/certificates/{grouped(certificate.code)}.pdf"
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
        hides = ["Maha Dawood", "مها داود", certificate.registration.event.title]
        for user in (
            participant()[0],
            organiser(edit_pages_under=event_page()),
            desk_staff(certificate.registration.event),
        ):
            client.force_login(user)
            assert_not_found(client.get(url), "ar", hides=hides)
        client.force_login(holder[0])
        assert_not_found(client.get("/ar/certificates/ZZZZZ-ZZZZZ.pdf"), "ar")

    def test_a_revoked_certificate_is_no_longer_downloaded(self, client, holder):
        user, certificate = holder
        revoke(certificate, reason="Mistake")
        client.force_login(user)
        assert_not_found(client.get(f"/en/certificates/{grouped(certificate.code)}.pdf"), "en")


class TestStaffScreen:
    def url(self, event):
        return f"/admin/attendance/{event.pk}/certificates/"

    def test_lists_the_eligible_with_their_progress_and_issues_to_all(self, client, programme, seminars, manager):
        ready = [
            attended(
                RegistrationFactory(event=programme, person__name=f"Ready {n}", person__name_ar=f"جاهز {n}"),
                seminars,
                3,
            )
            for n in range(2)
        ]
        attended(RegistrationFactory(event=programme, person__name="Short One"), seminars, 1)
        client.force_login(manager)
        page = text_of(client.get(self.url(programme), HTTP_ACCEPT_LANGUAGE="en"))
        eligible = page[page.index("certificates-eligible") :]
        assert "Ready 0" in eligible and "جاهز 1" in eligible and "Short One" not in eligible
        assert "3 of 4 attended; a certificate is due." in eligible
        assert "Issue to all eligible (2)" in page and "<h2>Eligible for a certificate</h2>" in page
        assert "<strong>Dialogue Seminars Programme</strong>" in page
        assert "A certificate needs at least 3 sessions." in page
        assert "No certificate has been issued yet." in page

        response = client.post(self.url(programme), {"action": "issue_all"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        page = text_of(response)
        assert "2 certificates issued; their holders are told by email." in page
        assert set(Certificate.objects.values_list("registration_id", flat=True)) == {r.pk for r in ready}
        issued = page[page.index("certificates-issued") :]
        codes = [grouped(c.code) for c in Certificate.objects.all()]
        assert all(code in issued for code in codes)
        assert "Download (PDF)" in issued and f"/certificates/{codes[0]}.pdf" in issued
        assert "everyone who meets the rule has one" in page

    def test_without_a_rule_it_says_why_and_lists_no_one_as_eligible(self, client, programme, seminars, manager):
        attended(RegistrationFactory(event=programme), seminars, 4)
        AttendancePlan.objects.filter(event=programme).update(completion_rule="", completion_value=None)
        client.force_login(manager)
        page = text_of(client.get(self.url(programme), HTTP_ACCEPT_LANGUAGE="en"))
        warning = page[page.index("help-warning") : page.index("</p>", page.index("help-warning"))]
        assert "icon-warning" in warning and "This event has no completion rule" in warning
        assert "Eligible for a certificate" not in page and "Issue to all eligible" not in page
        assert "No certificate has been issued yet." in page

    def test_in_arabic(self, client, programme, seminars, manager):
        attended(RegistrationFactory(event=programme, person__name_ar="جاهزة للشهادة"), seminars, 4)
        client.force_login(manager)
        page = text_of(client.get(self.url(programme), HTTP_ACCEPT_LANGUAGE="ar"))
        assert 'dir="rtl"' in page and "جاهزة للشهادة" in page
        assert "إصدار الشهادات لجميع المستحقين" in page
        assert "4 من 4" in page

    def test_issues_to_one_and_revokes_with_a_reason(self, client, programme, seminars, manager):
        registration = attended(RegistrationFactory(event=programme, person__name="Only One"), seminars, 3)
        client.force_login(manager)
        url = self.url(programme)
        page = posted(client, url, {"action": "issue", "registration": registration.pk})
        certificate = Certificate.objects.get(registration=registration)
        assert f"Certificate {grouped(certificate.code)} issued to Only One" in page
        assert certificate.issued_by == manager

        refused = posted(client, url, {"action": "revoke", "certificate": certificate.pk, "reason": " "})
        assert "Say why the certificate is revoked." in refused
        certificate.refresh_from_db()
        assert not certificate.is_revoked

        data = {"action": "revoke", "certificate": certificate.pk, "reason": "Attendance recorded by mistake"}
        page = posted(client, url, data)
        certificate.refresh_from_db()
        assert certificate.is_revoked and certificate.revoked_by == manager
        assert f"Certificate {grouped(certificate.code)} revoked." in page
        revoked = page[page.index("certificates-revoked") :]
        assert "Only One" in revoked and "Attendance recorded by mistake" in revoked

    def test_all_certificates_in_one_pdf_drawn_by_a_print_job(
        self, client, programme, seminars, manager, monkeypatch, tmp_path
    ):
        monkeypatch.setattr(certificates, "PART", 2)  # three certificates, drawn in two parts
        names = [("Zaid Latif", "زيد لطيف"), ("Amal Hadi", "أمل هادي"), ("Bashar Nouri", "بشار نوري"), ("Gone", "")]
        issued = [
            issue(attended(RegistrationFactory(event=programme, person__name=n, person__name_ar=a), seminars, 3))[0]
            for n, a in names
        ]
        revoke(issued[-1], reason="Issued by mistake")
        client.force_login(manager)
        url = self.url(programme)
        page = text_of(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert "All certificates in one PDF (3)" in page

        response = client.post(url, {"action": "print_all"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        job = PrintJob.objects.get()
        assert (job.kind, job.state, job.done, job.total, job.requested_by) == ("certificates", "done", 3, 3, manager)
        assert job.filename == f"certificates-{programme.slug}.pdf"
        assert f"Download certificates-{programme.slug}.pdf" in text_of(response)
        pdf = client.get(f"/admin/attendance/{programme.pk}/print/{job.key}/pdf/").content
        pages = pages_text(pdf, tmp_path)
        # One page each, the revoked one left out, in the Arabic alphabet's order.
        assert len(pages) == 3 and not any("Gone" in text for text in pages)
        assert ["Amal Hadi" in pages[0], "Bashar Nouri" in pages[1], "Zaid Latif" in pages[2]] == [True] * 3
        assert "أمل هادي" in pages[0] and "بشار نوري" in pages[1]
        printed = [c.code for c in (issued[1], issued[2], issued[0])]
        assert all(f"verify/{grouped(code)}/" in text for code, text in zip(printed, pages, strict=True))

    def test_all_certificates_when_none_is_issued_says_so(self, client, programme, seminars, manager):
        client.force_login(manager)
        page = posted(client, self.url(programme), {"action": "print_all"})
        assert "No certificate has been issued yet." in page and not PrintJob.objects.exists()
        response = client.post(self.url(programme), {"action": "print_all"}, follow=True, HTTP_ACCEPT_LANGUAGE="ar")
        page = text_of(response)
        assert "لم تصدر أي شهادة بعد." in page

    def test_refusals_are_shown_and_change_nothing(self, client, programme, seminars, manager):
        short = attended(RegistrationFactory(event=programme), seminars, 1)
        other_event = RegistrationFactory(event=event_page())
        client.force_login(manager)
        url = self.url(programme)
        page = posted(client, url, {"action": "issue", "registration": short.pk})
        assert "Not eligible for a certificate yet: 1 of 4 attended; 2 more for a certificate." in page
        page = posted(client, url, {"action": "issue", "registration": other_event.pk})
        assert "This person is not registered for this event." in page
        page = posted(client, url, {"action": "launch"})
        assert "Choose an action." in page
        page = posted(client, url, {"action": "revoke", "certificate": "99999999"})
        assert "This certificate does not exist." in page
        assert not Certificate.objects.exists()

    def test_only_the_events_organisers_see_it(self, client, programme, demo_site):
        client.force_login(desk_staff(programme))
        response = client.get(self.url(programme))
        assert response.status_code == 302 and "/login/" in response["Location"]
        client.force_login(organiser(edit_pages_under=event_page()))
        assert_not_found(client.get(self.url(programme), follow=True), "ar", hides=[programme.title])
        response = client.post(self.url(programme), {"action": "issue_all"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404 and not Certificate.objects.exists()

    def test_query_count_does_not_grow_with_the_rows(
        self, client, programme, seminars, manager, django_assert_max_num_queries
    ):
        def add(count):
            for _ in range(count):
                registration = attended(RegistrationFactory(event=programme), seminars, 3)
                issue(attended(RegistrationFactory(event=programme), seminars, 4))
                revoke(issue(attended(RegistrationFactory(event=programme), seminars, 3))[0], reason="Test")
            return registration

        add(1)
        client.force_login(manager)
        url = self.url(programme)
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # warms the admin's caches
        with django_assert_max_num_queries(40) as few:
            client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        add(14)
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            page = text_of(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert page.count("Download (PDF)") == 15 and page.count('name="registration"') == 15
        assert len(many.captured_queries) == len(few.captured_queries)


class TestMyEvents:
    def test_progress_towards_a_certificate_in_both_languages(self, client, programme, seminars):
        user, person = participant()
        attended(RegistrationFactory(event=programme, person=person), seminars, 1)
        client.force_login(user)
        english = text_of(client.get("/en/my/events/"))
        section = english[english.index('id="certificates"') :]
        assert "Attendance and certificates" in section and "Dialogue Seminars Programme" in section
        assert "1 of 4 attended; 2 more for a certificate." in section
        arabic = text_of(client.get("/ar/my/events/"))
        section = arabic[arabic.index('id="certificates"') :]
        assert "الحضور والشهادات" in section and "برنامج ندوات الحوار" in section and "1 من 4" in section

    def test_the_certificate_to_download_once_issued_then_revoked(self, client, holder):
        user, certificate = holder
        client.force_login(user)
        page = text_of(client.get("/en/my/events/"))
        section = page[page.index('id="certificates"') :]
        assert "Your certificate is ready." in section and grouped(certificate.code) in section
        assert f'href="/en/certificates/{grouped(certificate.code)}.pdf"' in section
        assert "Download my certificate (PDF)" in section
        arabic = text_of(client.get("/ar/my/events/"))
        assert "تنزيل شهادتي (PDF)" in arabic and f"/ar/certificates/{grouped(certificate.code)}.pdf" in arabic

        revoke(certificate, reason="Mistake")
        page = text_of(client.get("/en/my/events/"))
        assert "Your certificate was revoked on" in page and ".pdf" not in page[page.index('id="certificates"') :]

    def test_the_registrations_own_page_shows_its_certificate_too(self, client, holder):
        user, certificate = holder
        client.force_login(user)
        reference = certificate.registration.reference
        page = text_of(client.get(f"/en/my/events/{reference}/"))
        section = page[page.index('id="certificates"') :]
        assert "Your certificate is ready." in section and grouped(certificate.code) in section
        assert f'href="/en/certificates/{grouped(certificate.code)}.pdf"' in section
        arabic = text_of(client.get(f"/ar/my/events/{reference}/"))
        assert "الحضور والشهادات" in arabic and "تنزيل شهادتي (PDF)" in arabic

    def test_nothing_about_certificates_for_events_without_a_rule_or_not_begun(self, client, event):
        user, person = participant()
        RegistrationFactory(event=event, person=person)
        client.force_login(user)
        page = text_of(client.get("/en/my/events/"))
        assert 'id="certificates"' not in page and "for a certificate" not in page


@pytest.mark.skipif(not (JAVA and VNU.exists()), reason="needs Java and the vnu-jar npm package (`make test`)")
def test_the_certificate_pages_are_valid_html(client, holder, programme, seminars, tmp_path):
    user, certificate = holder
    code = grouped(certificate.code)
    later_user, later = participant()
    attended(RegistrationFactory(event=programme, person=later), seminars, 1)
    pages = {}
    for language in ("ar", "en"):
        pages[f"verify-{language}"] = client.get(f"/{language}/certificates/verify/{code}/")
        pages[f"form-{language}"] = client.get(f"/{language}/certificates/verify/")
        pages[f"unknown-{language}"] = client.get(f"/{language}/certificates/verify/", {"code": "nothing"})
        client.force_login(user)
        pages[f"my-events-ready-{language}"] = client.get(f"/{language}/my/events/")
        client.force_login(later_user)
        pages[f"my-events-progress-{language}"] = client.get(f"/{language}/my/events/")
        client.logout()
    revoke(certificate, reason="Test")
    pages["revoked-ar"] = client.get(f"/ar/certificates/verify/{code}/")
    files = []
    for name, response in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(response.content.decode(), encoding="utf-8")

    assert vnu_errors(files) == {}


def test_codes_cannot_be_tried_one_after_another(client, holder, settings):
    """RATE_LIMITS["certificate_verify"] (core.limits): one address may look up so many codes a
    minute; beyond, the page says to wait and shows no one, even for a real code."""
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "certificate_verify": "3/m/ip"}
    _user, certificate = holder
    for guess in ("AAAAA-AAAAA", "BBBBB-BBBBB"):
        assert client.get(f"/en/certificates/verify/{guess}/").status_code == 404
    assert client.get("/en/certificates/verify/", {"code": "CCCCC"}).status_code == 404
    response = client.get(f"/ar/certificates/verify/{grouped(certificate.code)}/")
    page = text_of(response)
    assert response.status_code == 429
    assert "محاولات كثيرة في وقت قصير" in page and "مها داود" not in page and "Maha Dawood" not in page
    other = client.get(f"/en/certificates/verify/{grouped(certificate.code)}/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200 and "Maha Dawood" in text_of(other)
    cache.clear()
