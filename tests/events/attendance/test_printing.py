"""Print jobs: a long PDF drawn by a background task with its progress, found by an unguessable
key, downloaded by the event's organisers only; the order of names on paper. Also the helpers
the badge and sheet tests share (their fixtures, ``crowd`` and ``event_manager``, are in
conftest.py)."""

import pytest

from events.attendance.models import PrintJob
from events.attendance.services import badges, printing
from events.attendance.tasks import DRAWERS, draw_print_job, start_print_job
from tests.events.registrations.test_tickets import BIDI_CONTROLS, pdf_text
from tests.factories.attendance import desk_staff
from tests.factories.network import AffiliationFactory, PersonFactory
from tests.factories.registrations import RegistrationFactory, event_page, organiser
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db


def confirmed(event, name, name_ar="", organisation=None, **fields):
    """A confirmed registration of ``event`` for a participant with these names."""
    person = PersonFactory(participant=True, name=name, name_ar=name_ar, **fields)
    if organisation is not None:
        AffiliationFactory(person=person, organisation=organisation)
    return RegistrationFactory(event=event, person=person)


def pages_text(content, tmp_path):
    """The text of each page of a PDF, without bidi controls, each block on one line."""
    text = BIDI_CONTROLS.sub("", pdf_text(content, tmp_path, layout=False))
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def test_a_long_pdf_is_drawn_by_a_task_with_progress(event, crowd, event_manager, monkeypatch):
    monkeypatch.setattr(badges, "PART", 2)
    seen = []
    original = printing.progress_of

    def watched(job):
        progress = original(job)

        def record(count):
            progress(count)
            seen.append(PrintJob.objects.get(pk=job.pk).done)

        return record

    monkeypatch.setattr(printing, "progress_of", watched)
    job = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    assert seen == [2, 4, 5]  # saved after each part, while the task goes on
    job = PrintJob.objects.get(pk=job.pk)
    assert (job.state, job.done, job.total, job.requested_by) == (PrintJob.State.DONE, 5, 5, event_manager)
    assert job.filename == f"badges-{event.slug}-a6.pdf" and bytes(job.content).startswith(b"%PDF-")
    assert len(job.key) == 32 and job.finished_at is not None


def test_the_job_page_shows_progress_and_the_download(client, event, crowd, event_manager, tmp_path):
    job = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a4"), total=5, by=event_manager)
    client.force_login(event_manager)
    base = f"/admin/attendance/{event.pk}/print/{job.key}/"
    page = client.get(base, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ready" in page and f"{base}pdf/" in page and f"Download badges-{event.slug}-a4.pdf" in page
    status = client.get(f"{base}status/").json()
    assert status == {"state": "done", "state_label": "جاهز", "done": 5, "total": 5, "percent": 100, "finished": True}
    download = client.get(f"{base}pdf/")
    assert download["Content-Type"] == "application/pdf"
    texts = pages_text(download.content, tmp_path)
    assert len(texts) == 1  # five badges on one A4 sheet
    assert all(name in texts[0] for name in ("بسام كاظم", "Ahmed Salman", "John Smith"))


def test_a_waiting_job_polls_and_cannot_be_downloaded_yet(client, event, crowd, event_manager):
    job = printing.create_job(event, PrintJob.Kind.SHEET, {"slot": "x"}, total=300, by=event_manager)
    client.force_login(event_manager)
    base = f"/admin/attendance/{event.pk}/print/{job.key}/"
    page = client.get(base, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "في الانتظار" in page and "attendance/printing.js" in page and f"{base}status/" in page
    assert client.get(f"{base}status/").json()["finished"] is False
    response = client.get(f"{base}pdf/", follow=True)
    assert response.redirect_chain[-1][0] == base
    assert "لم يُجهَّز هذا الملف بعد." in response.content.decode()


def test_a_job_is_drawn_once(event, crowd, event_manager):
    job = printing.create_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    draw_print_job.call(job.pk)
    finished = PrintJob.objects.get(pk=job.pk).finished_at
    assert draw_print_job.call(job.pk) is None  # already taken: nothing drawn again
    assert PrintJob.objects.get(pk=job.pk).finished_at == finished


def test_a_job_that_fails_says_so(client, event, crowd, event_manager, monkeypatch):
    def broken(job, progress):
        raise RuntimeError("no fonts")

    monkeypatch.setitem(DRAWERS, PrintJob.Kind.BADGES, broken)
    job = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    assert PrintJob.objects.get(pk=job.pk).state == PrintJob.State.FAILED
    client.force_login(event_manager)
    page = client.get(f"/admin/attendance/{event.pk}/print/{job.key}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "This PDF could not be drawn." in page


def test_a_job_whose_people_were_all_cancelled_fails_quietly(event, crowd, event_manager):
    ids = [crowd[0].pk]
    job = printing.create_job(event, PrintJob.Kind.BADGES, badges.job_options("a6", ids=ids), total=1, by=event_manager)
    crowd[0].status = "cancelled"
    crowd[0].save()
    draw_print_job.call(job.pk)
    job = PrintJob.objects.get(pk=job.pk)
    assert job.state == PrintJob.State.FAILED and job.content is None


def test_jobs_finished_long_ago_are_cleared(event, crowd, event_manager):
    from django.utils import timezone

    old = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    PrintJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - printing.KEPT_FOR * 2)
    recent = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    assert list(PrintJob.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_tampered_or_foreign_key_finds_nothing(client, event, crowd, event_manager):
    job = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5, by=event_manager)
    hides = ["بسام كاظم", "Basim Kadhim", job.filename]
    tampered = job.key[:-1] + ("y" if job.key.endswith("x") else "x")
    client.force_login(event_manager)
    for address in (
        f"/admin/attendance/{event.pk}/print/{tampered}/",
        f"/admin/attendance/{event.pk}/print/{tampered}/pdf/",
        f"/admin/attendance/{event.pk}/print/{'x' * 500}/status/",
    ):
        assert_not_found(client.get(address, follow=True), "ar", hides=hides)
    # The key under another event the same organiser manages: not found either.
    other = event_page()
    response = client.get(f"/admin/attendance/{other.pk}/print/{job.key}/pdf/", follow=True)
    assert_not_found(response, "ar", hides=hides)
    assert PrintJob.objects.get(pk=job.pk).state == PrintJob.State.DONE


@pytest.mark.parametrize("ending", ["", "status/", "pdf/"])
def test_only_the_events_organisers_reach_a_job(client, event, crowd, ending):
    # Organisers share one group: this one is given another event only.
    job = start_print_job(event, PrintJob.Kind.BADGES, badges.job_options("a6"), total=5)
    address = f"/admin/attendance/{event.pk}/print/{job.key}/{ending}"
    client.force_login(organiser(edit_pages_under=event_page()))
    assert_not_found(client.get(address, follow=True), "ar", hides=["بسام كاظم", "Basim Kadhim", "%PDF"])
    client.force_login(desk_staff(event))
    response = client.get(address)
    assert response.status_code == 302 and "/login/" in response["Location"]


class TestNameOrder:
    """The order of names on badges and sheets: Arabic names as an Arabic dictionary orders
    them, then names in Latin script only."""

    def test_the_alphabet_with_hamza_and_alef_forms(self):
        names = ["ثامر", "بشير", "آمنة", "إبراهيم", "أحمد", "ياسر", "حسين"]
        assert sorted(names, key=printing.arabic_sort_key) == [
            "إبراهيم",
            "أحمد",
            "آمنة",
            "بشير",
            "ثامر",
            "حسين",
            "ياسر",
        ]

    def test_diacritics_and_tatweel_are_ignored(self):
        key = printing.arabic_sort_key
        assert key("مُحَمَّد")[:2] == key("محمد")[:2] == key("محــمد")[:2]
        assert sorted(["مُحمود", "محمد", "مَحمد"], key=lambda name: key(name)[0]) == ["محمد", "مَحمد", "مُحمود"]

    def test_a_shorter_word_comes_first(self):
        names = ["علياء", "علي حسن", "علي"]
        assert sorted(names, key=printing.arabic_sort_key) == ["علي", "علي حسن", "علياء"]

    def test_forms_sort_with_their_letter_and_after_it(self):
        key = printing.arabic_sort_key
        assert sorted(["أسامة", "اسامة", "إسلام"], key=key) == ["اسامة", "أسامة", "إسلام"]
        assert sorted(["فيصل", "فؤاد", "فهد"], key=key) == ["فهد", "فؤاد", "فيصل"]  # ؤ with و
        assert sorted(["مصطفى", "مصطفي"], key=key) == ["مصطفي", "مصطفى"]  # ى after ي
        assert key("هالة")[0] == key("هالت")[0]  # ة with ت
        assert key("گلاویژ")[0][0] == key("كمال")[0][0]  # Kurdish گ with ك

    def test_latin_names_come_after_in_their_own_order(self, event):
        people = [
            confirmed(event, "émile Zola"),
            confirmed(event, "Ahmed", "أحمد"),
            confirmed(event, "al-Amin Ali"),
            confirmed(event, "Basheer", "بشير"),
            confirmed(event, "Emile Adam"),
        ]
        arabic, latin = printing.in_name_order(people)
        assert [r.person.name for r in arabic] == ["Ahmed", "Basheer"]
        assert [r.person.name for r in latin] == ["al-Amin Ali", "Emile Adam", "émile Zola"]
