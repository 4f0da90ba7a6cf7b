"""Questions asked only when an earlier answer calls for them: the organisers' settings refuse a
condition that cannot hold, the forms ask, require and store such a question only when its
condition holds, and neither the registration's page nor the export shows an answer to a
question that was not asked. The form's key and the event's copy follow the conditions."""

import copy
import html

import pytest
from django.utils import translation

from events.copying import copy_set_up
from events.registrations import services
from events.registrations.models import Registration, RegistrationQuestion, RegistrationSettings
from events.registrations.services.conditions import asked_answers, unasked
from events.registrations.services.questions import fingerprint, readable_answers
from tests.events.registrations.test_register_view import form_key
from tests.factories.registrations import SettingsFactory, english_of, event_page, participant, settings_form_data

pytestmark = pytest.mark.django_db


def question(settings, order, label, label_ar, kind, *, required=True, choices="", choices_ar="", **condition):
    return RegistrationQuestion.objects.create(
        settings=settings,
        sort_order=order,
        label=label,
        label_ar=label_ar,
        field_type=kind,
        required=required,
        choices=choices,
        choices_ar=choices_ar,
        **condition,
    )


@pytest.fixture
def questions(settings_for_event):
    """For an organisation? (yes/no) → Which organisation? (required, only on Yes);
    Which sessions? (multiple choice) → Lunch? (required, only with the afternoon)."""
    settings = settings_for_event
    for_organisation = question(settings, 0, "Do you attend for an organisation?", "هل تحضر باسم منظمة؟", "yesno")
    organisation = question(
        settings,
        1,
        "Which organisation do you represent?",
        "أي منظمة تمثّل؟",
        "singleline",
        condition_question=for_organisation,
        condition_value="yes",
    )
    sessions = question(
        settings,
        2,
        "Which sessions?",
        "أي الجلسات؟",
        "checkboxes",
        required=False,
        choices="Morning\nAfternoon",
        choices_ar="الصباحية\nالمسائية",
    )
    lunch = question(
        settings,
        3,
        "Dietary needs",
        "احتياجاتك الغذائية",
        "multiline",
        condition_question=sessions,
        condition_value="Afternoon",
    )
    return [for_organisation, organisation, sessions, lunch]


def url_of(event, language="ar"):
    return f"/{language}/registrations/{event.pk}/"


@pytest.fixture
def noor(client):
    user, person = participant(name="Noor Ali", name_ar="نور علي")
    client.force_login(user)
    return client, person


def register(client, event, **answers):
    url = url_of(event)
    data = {"form_key": form_key(client, url), "name": "Noor Ali", "name_ar": "نور علي"}
    data.update({f"q_{name}": value for name, value in answers.items()})
    return client.post(url, data)


NAMES = {
    "for": "do_you_attend_for_an_organisation",
    "which": "which_organisation_do_you_represent",
    "sessions": "which_sessions",
    "lunch": "dietary_needs",
}


class TestForm:
    def test_the_condition_holds_so_the_answer_is_required_and_stored(self, noor, questions, settings_for_event):
        client, person = noor
        event = settings_for_event.event
        refused = register(client, event, **{NAMES["for"]: "yes"})
        assert refused.status_code == 400
        assert "errorlist" in refused.content.decode().split(NAMES["which"], 1)[1].split("</fieldset>", 1)[0][:2000]
        assert not Registration.objects.exists()

        response = register(client, event, **{NAMES["for"]: "yes", NAMES["which"]: "Al-Amal Association"})
        assert response.status_code == 302
        assert Registration.objects.get(person=person).answers == {
            NAMES["for"]: "yes",
            NAMES["which"]: "Al-Amal Association",
        }

    def test_the_condition_does_not_hold_so_the_answer_is_dropped_and_not_required(
        self, noor, questions, settings_for_event
    ):
        client, person = noor
        response = register(
            client,
            settings_for_event.event,
            **{NAMES["for"]: "no", NAMES["which"]: "x" * 5000, NAMES["lunch"]: "Halal"},
        )
        # Even an answer too long for its field does not stop a form whose question is not asked.
        assert response.status_code == 302
        assert Registration.objects.get(person=person).answers == {NAMES["for"]: "no"}

    def test_a_multiple_choice_condition(self, noor, questions, settings_for_event):
        client, person = noor
        event = settings_for_event.event
        both = {NAMES["for"]: "no", NAMES["sessions"]: ["Morning", "Afternoon"]}
        assert register(client, event, **both).status_code == 400
        assert register(client, event, **both, **{NAMES["lunch"]: "Vegetarian"}).status_code == 302
        assert Registration.objects.get(person=person).answers[NAMES["lunch"]] == "Vegetarian"

        other = participant(name="Sara", name_ar="سارة")[0]
        client.force_login(other)
        morning = {NAMES["for"]: "no", NAMES["sessions"]: ["Morning"], NAMES["lunch"]: "Vegetarian"}
        assert register(client, event, **morning).status_code == 302
        assert Registration.objects.get(person__user=other).answers == {
            NAMES["for"]: "no",
            NAMES["sessions"]: ["Morning"],
        }

    @pytest.mark.parametrize(
        ("language", "hint"),
        [
            ("ar", "فقط إذا كانت إجابتك «نعم» عن «هل تحضر باسم منظمة؟»."),
            ("en", "Only if you answered “Yes” to “Do you attend for an organisation?”."),
        ],
    )
    def test_the_page_marks_the_field_and_says_when_to_answer(
        self, noor, questions, settings_for_event, language, hint
    ):
        client, _ = noor
        event = settings_for_event.event
        page = client.get(url_of(event if language == "ar" else english_of(event), language))
        text = html.unescape(page.content.decode())
        assert f'data-ask-if-field="q_{NAMES["for"]}" data-ask-if-value="yes"' in text
        assert 'data-ask-if-value="Afternoon"' in text
        assert hint in text
        assert "registrations/conditions.js" in text
        # Asked on the condition only, but marked as needing an answer when asked.
        which = text.split(f'for="id_q_{NAMES["which"]}"', 1)[1].split("</label>", 1)[0]
        assert "required-mark" in which

    def test_an_organiser_adding_someone_by_hand_stores_no_answer_to_a_question_not_asked(
        self, admin_client, questions, settings_for_event
    ):
        event = settings_for_event.event
        response = admin_client.post(
            f"/admin/registrations/event/{event.pk}/add/",
            {
                "name": "Guest",
                "language": "ar",
                f"q_{NAMES['for']}": "no",
                f"q_{NAMES['which']}": "Al-Amal",
            },
        )
        assert response.status_code == 302
        assert Registration.objects.get(event=event).answers == {NAMES["for"]: "no"}


class TestAnswersShown:
    def test_an_answer_kept_from_before_the_condition_is_not_shown(self, client, questions, settings_for_event):
        user, person = participant(name="Noor", name_ar="نور")
        answers = {NAMES["for"]: "no", NAMES["which"]: "Old Association", NAMES["sessions"]: ["Morning"]}
        registration = services.register(settings_for_event.event, person, answers=answers)
        assert unasked(questions, answers) == {NAMES["which"], NAMES["lunch"]}
        assert asked_answers(questions, answers) == {NAMES["for"]: "no", NAMES["sessions"]: ["Morning"]}
        with translation.override("en"):
            assert [label for label, _ in readable_answers(questions, answers)] == [
                "Do you attend for an organisation?",
                "Which sessions?",
            ]
        client.force_login(user)
        page = client.get(f"/ar/my/events/{registration.reference}/").content.decode()
        assert "الصباحية" in page
        assert "Old Association" not in page
        assert "أي منظمة تمثّل؟" not in page

    def test_the_export_leaves_it_out(self, questions, settings_for_event):
        from events.attendance.exports.columns import question_columns

        person = participant(name="Noor", name_ar="نور")[1]
        answers = {NAMES["for"]: "no", NAMES["which"]: "Old Association"}
        registration = services.register(settings_for_event.event, person, answers=answers)

        class Row:
            pass

        row = Row()
        row.registration = registration
        values = {column.key: column.value(row) for column in question_columns(settings_for_event.event)}
        assert values[f"question:{NAMES['which']}"] == ""
        assert values[f"question:{NAMES['for']}"] != ""


def test_the_forms_key_changes_with_a_condition(questions, settings_for_event):
    before = fingerprint(settings_for_event, questions)
    lunch = questions[3]
    lunch.condition_value = "Morning"
    assert fingerprint(settings_for_event, questions) != before
    lunch.condition_value, lunch.condition_question_id = "Afternoon", None
    assert fingerprint(settings_for_event, questions) != before
    lunch.condition_question_id = questions[2].pk
    assert fingerprint(settings_for_event, questions) == before


def test_a_form_sent_after_a_condition_changed_is_refused(noor, questions, settings_for_event):
    client, _ = noor
    event = settings_for_event.event
    key = form_key(client, url_of(event))
    RegistrationQuestion.objects.filter(pk=questions[1].pk).update(condition_value="no")
    response = client.post(
        url_of(event), {"form_key": key, "name": "Noor Ali", f"q_{NAMES['for']}": "no", f"q_{NAMES['which']}": "A"}
    )
    assert response.status_code == 400
    assert "تغيّر هذا النموذج" in response.content.decode() or not Registration.objects.exists()
    assert not Registration.objects.exists()


def test_the_copy_depends_on_its_own_questions(demo_site):
    source = SettingsFactory(event=event_page())
    yes_no = question(source, 0, "For an organisation?", "باسم منظمة؟", "yesno")
    question(source, 1, "Which?", "أيّها؟", "singleline", condition_question=yes_no, condition_value="yes")
    copy = event_page(english=False)

    copy_set_up(source.event, copy)

    copied = RegistrationSettings.objects.get(event=copy)
    first, second = copied.questions.order_by("sort_order")
    assert first.pk != yes_no.pk
    assert (second.condition_question_id, second.condition_value) == (first.pk, "yes")
    assert first.condition_question_id is None
    # The source keeps its own.
    assert RegistrationQuestion.objects.get(settings=source, sort_order=1).condition_question_id == yes_no.pk


class TestSettings:
    """The organisers' settings: each refusal in the admin's language, nothing saved."""

    def post(self, client, settings, rows):
        items = []
        for order, row in enumerate(rows, start=1):
            item = {
                "label": row["label"],
                "label_ar": "",
                "field_type": row["field_type"],
                "required": "on",
                "choices": row.get("choices", ""),
                "choices_ar": row.get("choices_ar", ""),
                "help_text": "",
                "help_text_ar": "",
                "condition_question": row.get("condition_question", ""),
                "condition_value": row.get("condition_value", ""),
                "ORDER": str(order),
            }
            if "id" in row:
                item["id"] = row["id"]
            if row.get("DELETE"):
                item["DELETE"] = "on"
            items.append(item)
        initial = sum(1 for row in rows if "id" in row)
        data = settings_form_data(items, initial=initial, retention_days="365")
        return client.post(f"/admin/registrations/event/{settings.event_id}/settings/", data)

    @pytest.fixture
    def saved(self, settings_for_event):
        settings = settings_for_event
        return [
            question(settings, 0, "Do you attend for an organisation?", "", "yesno"),
            question(settings, 1, "Which organisation?", "", "singleline"),
            question(settings, 2, "Your field", "", "radio", choices="Media\nEducation", choices_ar="إعلام\nتعليم"),
        ]

    def rows(self, saved, **changes):
        rows = [
            {"id": q.pk, "label": q.label, "field_type": q.field_type, "choices": q.choices, "choices_ar": q.choices_ar}
            for q in saved
        ]
        for index, change in changes.items():
            rows[int(index[1:])].update(change)
        return rows

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"r1": {"condition_question": "self"}}, "A question cannot depend on itself."),
            ({"r0": {"condition_question": 2, "condition_value": "Media"}}, "Choose a question asked before this one."),
            (
                {"r2": {"condition_question": 1, "condition_value": "x"}},
                "Choose a question with fixed answers: yes or no, single choice or multiple choice.",
            ),
            ({"r1": {"condition_question": 0}}, "Give the answer that makes this question asked."),
            ({"r1": {"condition_value": "yes"}}, "Choose the question this answer belongs to."),
            (
                {"r1": {"condition_question": 0, "condition_value": "maybe"}},
                "%(value)s is not one of its answers: %(answers)s.",
            ),
            (
                {"r1": {"condition_question": 0, "condition_value": "yes"}, "r0": {"DELETE": True}},
                "The question this one depends on is being removed: choose another or none.",
            ),
        ],
    )
    @pytest.mark.parametrize("language", ["en", "ar"])
    def test_refusals(self, admin_client_in, settings_for_event, saved, changes, message, language):
        changes = copy.deepcopy(changes)
        for change in changes.values():
            if change.get("condition_question") == "self":
                change["condition_question"] = saved[1].pk
            elif "condition_question" in change:
                change["condition_question"] = saved[change["condition_question"]].pk
        response = self.post(admin_client_in(language), settings_for_event, self.rows(saved, **changes))
        assert response.status_code == 400
        with translation.override(language):
            expected = translation.gettext(message)
        if "%(value)s" in message:
            quote = ("«", "»") if language == "ar" else ("“", "”")
            answers = ("نعم", "لا") if language == "ar" else ("Yes", "No")
            expected = expected % {
                "value": f"{quote[0]}\u2068maybe\u2069{quote[1]}",
                "answers": ("، " if language == "ar" else ", ").join(
                    f"{quote[0]}\u2068{a}\u2069{quote[1]}" for a in answers
                ),
            }
        assert expected in html.unescape(response.content.decode())
        assert not RegistrationQuestion.objects.exclude(condition_question=None).exists()
        assert not RegistrationQuestion.objects.filter(pk=saved[0].pk, label="").exists()

    def test_a_question_of_another_event_is_refused(self, admin_client_in, settings_for_event, saved):
        elsewhere = question(SettingsFactory(), 0, "Elsewhere?", "", "yesno")
        rows = self.rows(saved, r1={"condition_question": elsewhere.pk, "condition_value": "yes"})
        response = self.post(admin_client_in("en"), settings_for_event, rows)
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
        assert "Elsewhere?" not in response.content.decode()
        assert not RegistrationQuestion.objects.exclude(condition_question=None).exists()

    @pytest.mark.parametrize(
        ("typed", "depends_on", "stored"), [("نعم", 0, "yes"), ("YES", 0, "yes"), ("تعليم", 2, "Education")]
    )
    def test_an_answer_in_either_language_is_stored_as_the_answers_are(
        self, admin_client_in, settings_for_event, saved, typed, depends_on, stored
    ):
        saved.append(question(settings_for_event, 3, "Details", "", "singleline"))
        rows = self.rows(saved, r3={"condition_question": saved[depends_on].pk, "condition_value": typed})
        response = self.post(admin_client_in("ar"), settings_for_event, rows)
        assert response.status_code == 302
        details = RegistrationQuestion.objects.get(pk=saved[3].pk)
        assert (details.condition_question_id, details.condition_value) == (saved[depends_on].pk, stored)

    def test_the_chooser_offers_this_events_questions_only(self, admin_client_in, settings_for_event, saved):
        question(SettingsFactory(), 0, "Elsewhere?", "", "yesno")
        page = admin_client_in("en").get(f"/admin/registrations/event/{settings_for_event.event_id}/settings/")
        text = html.unescape(page.content.decode())
        assert "Which organisation?" in text
        assert "Elsewhere?" not in text
