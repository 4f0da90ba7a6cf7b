"""Copying an event for its next edition (events/copying.py): Wagtail's Copy brings the event's
set-up along — registration settings and questions, the import mapping, the attendance plan
with its networks, the attendee list's columns — and none of its people; the admin says so in
its own language."""

import datetime as dt
import html

import pytest
from django.utils import timezone

from events.attendance.models import Attendance, AttendancePlan, Certificate, CompletionRule, ExportChoice, SlotUnit
from events.copying import CopyError, copy_set_up, copy_tree_set_up
from events.evaluation.models import EvaluationForm, EvaluationReceipt, EvaluationResponse
from events.models import EventIndexPage, EventPage, EventTeamMember, SessionMaterial, SessionSpeaker
from events.registrations.models import (
    ImportMapping,
    Registration,
    RegistrationSettings,
    RegistrationSource,
    RegistrationStatus,
    StatusChange,
)
from events.registrations.services.counter import Counts, reconcile
from events.registrations.services.errors import RegistrationError
from events.registrations.services.lifecycle import register
from events.translation import default_language
from tests.factories.accounts import UserFactory, admin_in
from tests.factories.attendance import desk_staff, plan
from tests.factories.events import at, translate
from tests.factories.events import event_page as event_with_sessions
from tests.factories.network import NetworkFactory, PersonFactory
from tests.factories.registrations import (
    VALID_ANSWERS,
    SettingsFactory,
    add_questions,
    answers_post,
    english_of,
    event_page,
    organiser,
)

pytestmark = pytest.mark.django_db

BAGHDAD = dt.timezone(dt.timedelta(hours=3))
COLUMNS = ["reference", "name_ar", "email", "question:why_do_you_want_to_take_part"]
MAPPING = {"Full name": "name", "E-mail": "email", "Why?": "question:why_do_you_want_to_take_part"}


@pytest.fixture
def edition_2018(demo_site):
    """Last edition: a 2018 event set up in full, its window long closed, its personal data
    erased, with registrations, their history, attendance, a certificate and a team."""
    start = dt.datetime(2018, 4, 14, 9, tzinfo=BAGHDAD)
    event = event_page(title="نقطة العراق 2018", start=start, end=start + dt.timedelta(days=1, hours=8))
    settings = SettingsFactory(
        event=event,
        capacity=50,
        waitlist_enabled=False,
        approval_required=True,
        retention_days=730,
        opens_at=dt.datetime(2018, 3, 1, tzinfo=BAGHDAD),
        closes_at=dt.datetime(2018, 4, 10, tzinfo=BAGHDAD),
    )
    questions = add_questions(settings)
    networks = NetworkFactory.create_batch(2)
    attendance_plan = plan(
        event,
        unit=SlotUnit.DAY,
        minimum_minutes=30,
        completion_rule=CompletionRule.PERCENT,
        completion_value=75,
        signatory="The organising committee",
        signatory_ar="اللجنة المنظِّمة",
    )
    attendance_plan.networks.set(networks)
    ExportChoice.objects.create(event=event, columns=COLUMNS)
    ImportMapping.objects.create(event=event, mapping=MAPPING)
    registrations = [
        register(event, PersonFactory(), source=RegistrationSource.STAFF, ignore_window=True, send_email=False, **kw)
        for kw in ({"override_approval": True}, {}, {})
    ]
    Attendance.objects.create(
        registration=registrations[0], event=event, slot="2018-04-14", at=start, method="scan", minutes=None
    )
    Certificate.objects.create(registration=registrations[0], code="PI2018-0001", issued_at=start)
    desk_staff(event)
    EventTeamMember.objects.create(event=event, user=UserFactory(), role="reporter")
    RegistrationSettings.objects.filter(pk=settings.pk).update(
        personal_data_erased_at=timezone.now(), kept_figures={"gender": {"f": 2, "m": 1}}
    )
    return {"event": event, "questions": questions, "networks": networks}


def copy_in_admin(client, page, slug, language, parent=None, publish=True):
    """Wagtail's Copy form, posted as the admin posts it (publishing the copy, unless not
    ``publish``: a draft), and the text of the page the admin lands on, with its messages."""
    client.force_login(admin_in(UserFactory(is_staff=True, is_superuser=True), language))
    form = client.get(f"/admin/pages/{page.pk}/copy/")
    assert form.status_code == 200
    data = {
        "new_title": f"{page.title} (copy)",
        "new_slug": slug,
        "new_parent_page": (parent or page.get_parent()).pk,
    }
    if publish:
        data["publish_copies"] = "on"
    response = client.post(f"/admin/pages/{page.pk}/copy/", data, follow=True)
    return EventPage.objects.get(slug=slug, locale=page.locale), html.unescape(response.content.decode())


def set_up_of(event):
    """Everything of an event's set-up, as values to compare."""
    settings = RegistrationSettings.objects.filter(event=event).first()
    attendance_plan = AttendancePlan.objects.filter(event=event).first()
    return {
        "settings": settings
        and {
            name: getattr(settings, name)
            for name in ("capacity", "waitlist_enabled", "approval_required", "retention_days")
        },
        "questions": settings
        and list(
            settings.questions.order_by("sort_order").values_list(
                "sort_order", "clean_name", "field_type", "required", "label", "label_ar", "choices", "choices_ar"
            )
        ),
        "plan": attendance_plan
        and (
            attendance_plan.unit,
            attendance_plan.minimum_minutes,
            attendance_plan.completion_rule,
            attendance_plan.completion_value,
            attendance_plan.membership_trigger,
            attendance_plan.signatory,
            attendance_plan.signatory_ar,
            sorted(attendance_plan.networks.values_list("pk", flat=True)),
        ),
        "columns": ExportChoice.objects.filter(event=event).values_list("columns", flat=True).first(),
        "mapping": ImportMapping.objects.filter(event=event).values_list("mapping", flat=True).first(),
    }


def people_of(event):
    """How many rows of each edition's own records the event has."""
    return {
        "registrations": Registration.objects.filter(event=event).count(),
        "history": StatusChange.objects.filter(registration__event=event).count(),
        "attendance": Attendance.objects.filter(event=event).count(),
        "certificates": Certificate.objects.filter(registration__event=event).count(),
        "team": EventTeamMember.objects.filter(event=event).count(),
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Copied with its set-up: registration settings, 8 questions, import mapping, attendance plan, "
            "attendee list columns. Registrations, attendance, certificates and the event team were not copied: "
            "choose the new edition's dates, registration window and team. Desk staff and reporters see "
            "people's personal data, so each edition's team is chosen again.",
        ),
        (
            "ar",
            "نُسخت الفعالية ومعها: إعدادات التسجيل، 8 أسئلة، ربط أعمدة الاستيراد، خطة الحضور، أعمدة قائمة "
            "المشاركين. لم تُنسخ التسجيلات ولا الحضور ولا الشهادات ولا فريق الفعالية: اختر مواعيد الدورة "
            "الجديدة وفترة التسجيل فيها وفريقها. يطّلع فريق المكتب ومعدّو التقارير على البيانات الشخصية "
            "للمشاركين، لذا يُختار فريق كل دورة من جديد.",
        ),
    ],
)
def test_the_admins_copy_brings_the_set_up_and_no_people(client, edition_2018, language, message):
    source = edition_2018["event"]
    before = set_up_of(source), people_of(source)

    copy, page = copy_in_admin(client, source, "point-iraq-2019", language)

    assert message in page
    copied = set_up_of(copy)
    assert copied == before[0]
    assert copied["questions"][1][4:] == (
        "Your organisation's field",
        "مجال عمل منظمتك",
        "Media\nEducation\nHuman rights",
        "إعلام\nتعليم\nحقوق الإنسان",
    )
    assert copied["plan"][-1] == sorted(network.pk for network in edition_2018["networks"])
    assert (set_up_of(source), people_of(source)) == before
    assert people_of(copy) == dict.fromkeys(before[1], 0)
    settings = RegistrationSettings.objects.get(event=copy)
    assert Counts.of(settings) == Counts(0, 0, 0)
    assert reconcile(event_ids=[copy.pk, source.pk]) == []


@pytest.mark.parametrize(
    ("language", "named"),
    [
        ("en", "attendee list columns, the evaluation form with 4 questions. Registrations"),
        ("ar", "أعمدة قائمة المشاركين، استمارة التقييم وفيها 4 أسئلة. لم تُنسخ"),
    ],
)
def test_the_evaluation_form_comes_along_without_its_answers_or_dates(client, edition_2018, language, named):
    from tests.events.evaluation.conftest import add_questions

    source = edition_2018["event"]
    form = EvaluationForm.objects.create(
        event=source, opens_at=source.end, closes_at=source.end + dt.timedelta(days=10)
    )
    add_questions(form)
    registration = Registration.objects.filter(event=source).first()
    EvaluationReceipt.objects.create(form=form, registration=registration, answered_at=source.end)
    EvaluationResponse.objects.create(
        form=form, answers={"how_useful_was_the_training": "5"}, language="en", submitted_on=source.end.date()
    )

    copy, page = copy_in_admin(client, source, "point-iraq-2019", language)

    assert named in page
    copied = EvaluationForm.objects.get(event=copy)
    assert (copied.opens_at, copied.closes_at) == (None, None)
    fields = ("sort_order", "clean_name", "field_type", "required", "label", "label_ar", "choices", "choices_ar")
    assert list(copied.questions.order_by("sort_order").values_list(*fields)) == list(
        form.questions.order_by("sort_order").values_list(*fields)
    )
    assert not EvaluationResponse.objects.filter(form=copied).exists()
    assert not EvaluationReceipt.objects.filter(form=copied).exists()
    assert EvaluationResponse.objects.filter(form=form).count() == 1


def test_a_past_window_and_the_erasure_stay_with_their_edition(client, edition_2018):
    copy, _page = copy_in_admin(client, edition_2018["event"], "point-iraq-2019", "en")

    settings = RegistrationSettings.objects.get(event=copy)
    assert (settings.opens_at, settings.closes_at, settings.personal_data_erased_at, settings.kept_figures) == (
        None,
        None,
        None,
        {},
    )


def test_a_window_still_to_come_is_kept(demo_site):
    source = event_page()
    opens, closes = timezone.now() + dt.timedelta(days=2), timezone.now() + dt.timedelta(days=5)
    SettingsFactory(event=source, opens_at=opens, closes_at=closes)
    copy = event_page(english=False)

    copy_set_up(source, copy)

    assert RegistrationSettings.objects.filter(event=copy).values_list("opens_at", "closes_at").get() == (opens, closes)


def test_copying_an_event_without_set_up_says_so(client, demo_site):
    source = event_page(title="لقاء بلا تسجيل")

    copy, page = copy_in_admin(client, source, "meeting-again", "en")

    assert "The event had no registration settings, questions or attendance plan to copy." in page
    assert "Registrations, attendance, certificates and the event team were not copied" in page
    assert set_up_of(copy) == dict.fromkeys(["settings", "questions", "plan", "columns", "mapping"], None)


def test_a_copy_with_a_set_up_of_its_own_is_refused_and_kept(edition_2018):
    copy = event_page(english=False)
    mine = SettingsFactory(event=copy, capacity=7)

    with pytest.raises(CopyError) as refused:
        copy_set_up(edition_2018["event"], copy)

    assert refused.value.code == "already_set_up"
    assert (list(RegistrationSettings.objects.filter(event=copy)), mine.questions.count()) == ([mine], 0)
    assert not AttendancePlan.objects.filter(event=copy).exists()


def test_copying_the_english_version_leaves_settings_on_canonical_pages(client, edition_2018):
    source = edition_2018["event"]
    before = RegistrationSettings.objects.count()

    english_copy, page = copy_in_admin(client, english_of(source), "point-iraq-2019-en", "en")

    assert english_copy.locale.language_code == "en"
    assert "Only this English version was copied." in page
    assert RegistrationSettings.objects.count() == before
    assert set(RegistrationSettings.objects.values_list("event__locale__language_code", flat=True)) == {
        default_language()
    }
    with pytest.raises(RegistrationError) as refused:
        register(english_copy, PersonFactory())
    assert refused.value.code == "not_offered"


def test_registering_for_the_copy_once_it_has_new_dates(client, edition_2018):
    """The new edition gets its dates, is translated, and takes registrations in either
    language, on the Arabic copy's settings and questions."""
    copy, _page = copy_in_admin(client, edition_2018["event"], "point-iraq-2019", "ar")
    copy.start = timezone.now() + dt.timedelta(days=30)
    copy.end = copy.start + dt.timedelta(days=1)
    copy.save_revision().publish()
    english = translate(EventPage.objects.get(pk=copy.pk), title="Point Iraq 2019")
    questions = list(RegistrationSettings.objects.get(event=copy).questions.all())
    answers = {key.removeprefix("q_"): value for key, value in answers_post(questions).items()}

    registration = register(english, PersonFactory(), answers=answers, language="en", send_email=False)

    assert (registration.event_id, registration.status) == (copy.pk, RegistrationStatus.PENDING)
    assert registration.answers["why_do_you_want_to_take_part"] == VALID_ANSWERS["multiline"]
    assert Counts.of(RegistrationSettings.objects.get(event=copy)) == Counts(0, 0, 1)
    assert reconcile(event_ids=[copy.pk]) == []


def test_an_index_copied_with_its_events_brings_each_events_set_up(edition_2018):
    """``page.copy()`` from code (an events index with its events) and then the same service."""
    index = EventIndexPage.objects.get(locale__language_code="ar")
    new_index = index.copy(recursive=True, update_attrs={"slug": "events-2019", "title": "فعاليات 2019"})

    report = copy_tree_set_up(index, new_index)

    copy = EventPage.objects.child_of(new_index).get(slug=edition_2018["event"].slug)
    assert set_up_of(copy) == set_up_of(edition_2018["event"])
    assert len(report.copied) == EventPage.objects.child_of(index).count()


def test_a_user_who_may_not_copy_gets_nothing(client, edition_2018):
    source = edition_2018["event"]
    client.force_login(organiser())
    counts = EventPage.objects.count(), RegistrationSettings.objects.count()

    response = client.post(
        f"/admin/pages/{source.pk}/copy/",
        {"new_title": "x", "new_slug": "stolen", "new_parent_page": source.get_parent().pk},
    )

    assert (response.status_code, EventPage.objects.count(), RegistrationSettings.objects.count()) == (
        302,
        *counts,
    )


def rows_under_sessions(event):
    return (
        list(SessionSpeaker.objects.filter(session__page=event).values_list("pk", "person_id", "role")),
        list(SessionMaterial.objects.filter(session__page=event).values_list("pk", "url")),
    )


@pytest.mark.parametrize(("language", "published"), [("ar", False), ("en", False), ("ar", True)])
def test_publishing_the_copy_from_the_editor_leaves_the_source_its_speakers_and_materials(
    client, demo_site, language, published
):
    """The editor starts from the copy's latest revision (for a draft copy, the source's
    revision as Wagtail copied it): it names the copy's own speakers and materials, so
    publishing the new edition takes nothing from last year's."""
    from tests.events.test_admin import edit_form, publish

    speaker = PersonFactory()
    event = event_with_sessions(
        sessions=[
            {
                "title": "الافتتاح",
                "start": at(2030, 5, 10, 9),
                "end": at(2030, 5, 10, 10),
                "speakers": [{"person": speaker, "role": "speaker"}],
                "materials": [{"kind": "recording", "url": "https://video.example.org/opening-2018"}],
            }
        ]
    )
    before = rows_under_sessions(event)
    copy, _page = copy_in_admin(client, event, "next-edition", language, publish=published)
    assert copy.live is published
    latest = copy.latest_revision.as_object()
    (session,) = latest.sessions.all()
    assert [row.pk for row in session.speakers.all()] == [pk for pk, *_ in rows_under_sessions(copy)[0]]
    assert [row.pk for row in session.materials.all()] == [pk for pk, *_ in rows_under_sessions(copy)[1]]

    response = publish(client, copy, edit_form(client, copy))

    assert response.status_code == 302
    assert rows_under_sessions(event) == before
    speakers, materials = rows_under_sessions(copy)
    assert [(person, role) for _pk, person, role in speakers] == [(speaker.pk, "speaker")]
    assert [url for _pk, url in materials] == ["https://video.example.org/opening-2018"]
    assert not {pk for pk, *_ in speakers} & {pk for pk, *_ in before[0]}
