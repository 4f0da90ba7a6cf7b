"""Every form of the organisers' and the directory staff's screens, filled with hostile input
through the admin: adding a registration by hand, a registration's actions one at a time and in
bulk, the registration settings with new questions, the event's team, the attendee list export,
the registration import's steps (upload, mapping, preview, import), the online-meeting reports
(upload, choosing the columns of one Multaqa cannot tell, then linking rows by hand and
confirming), the certificates' actions, the attendance
plan, the directory import's preview and confirmation, and the directory's forms for a new
person and a new organisation.

No answer is a server error. A refused form writes nothing; an accepted one writes whole rows.
(Badges, sign-in sheets and PDF exports are drawn by WeasyPrint, a second or more a page: their
forms are left to their own tests.)"""

from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.attendance.exports.columns import all_columns
from events.attendance.models import Attendance, AttendancePlan, Certificate, ExportChoice, MeetingReportUpload
from events.attendance.services import meeting_import
from events.attendance.slots import slots_for
from events.models import EventTeamMember
from events.registrations.imports.targets import QUESTION, targets_for
from events.registrations.models import (
    ImportMapping,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
    StatusChange,
)
from network.models import Affiliation, Organisation, Person
from tests.fuzz.files import directory_file, meeting_report, registration_file
from tests.fuzz.hostile import (
    EMAILS,
    NAMES,
    NAMES_AR,
    assert_answered,
    assert_whole,
    example,
    examples,
    form_fields,
    form_spec,
    hidden_fields,
    hostile_text,
    row_counts,
    uploaded,
    weighted,
)

pytestmark = pytest.mark.django_db

# Record ids as a hostile client sends them: digits of other scripts, and more than any column holds.
ODD_IDS = ["0", "²", "١٢", "٣", "9" * 30, "9" * 5000]
REGISTERED = (Registration, StatusChange, Person, Organisation, Affiliation)
REASONS = ["", "Not eligible", "x" * 501]


def admin_url(event, path):
    return f"/admin/registrations/event/{event.pk}/{path}"


def attendance_url(event, path):
    return f"/admin/attendance/{event.pk}/{path}"


@pytest.fixture
def organiser(fuzz_client, world):
    fuzz_client.force_login(world["organiser"])
    return fuzz_client


# --- registrations -------------------------------------------------------------------------------


@settings(max_examples=examples(25))
@given(
    fields=form_fields(
        {
            "email": [*EMAILS, ""],
            "name": [*NAMES, ""],
            "name_ar": [*NAMES_AR, ""],
            "language": ["ar", "en"],
            "override_approval": ["on", ""],
            "override_capacity": ["on", ""],
        }
    )
)
def test_adding_a_registration_by_hand(organiser, world, fields):
    event = world["event"]
    with example("staff: add a registration") as run:
        before = row_counts(*REGISTERED)
        response = organiser.post(admin_url(event, "add/"), fields)
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(*REGISTERED) == before, "a refused registration wrote rows"
            run.outcome = "refused"
            return
        run.outcome = "added"
        registration = Registration.objects.filter(event=event).order_by("-pk").first()
        assert row_counts(Registration)["Registration"] == before["Registration"] + 1
        assert_whole(registration)
        assert_whole(registration.person)
        if fields.get("email", "").strip():
            entered = (registration.entered_email, registration.entered_name, registration.entered_name_ar)
            assert entered == tuple(fields.get(name, "").strip() for name in ("email", "name", "name_ar"))


@settings(max_examples=examples(25))
@given(data=st.data())
def test_a_registrations_actions_one_at_a_time_and_in_bulk(organiser, world, data):
    event, registrations = world["event"], world["registrations"]
    actions = ["approve", "decline", "cancel", "promote", "resend"]
    bulk = data.draw(st.booleans())
    ids = [str(registration.pk) for registration in registrations] + ODD_IDS
    with example(f"staff: registration {'bulk ' if bulk else ''}action") as run:
        if bulk:
            action = data.draw(weighted((4, st.sampled_from(actions[:4])), (1, hostile_text(max_pieces=1))))
            query = data.draw(
                form_fields({"id": st.lists(st.sampled_from([*ids, "all"]), min_size=1), "status": ["", "confirmed"]})
            )
            fields = data.draw(form_fields({"override_capacity": ["on", ""], "reason": REASONS}))
            url = admin_url(event, f"bulk/{action.replace('/', '')}/")
            response = organiser.post(url + "?" + urlencode(query, doseq=True), fields)
        else:
            registration = data.draw(st.sampled_from(registrations))
            # The page's own actions, or the confirmation of declining or cancelling with a reason.
            step = data.draw(st.sampled_from(["", "decline/", "cancel/"]))
            fields = data.draw(form_fields({"action": actions, "override_capacity": ["on", ""], "reason": REASONS}))
            response = organiser.post(admin_url(event, f"registration/{registration.pk}/{step}"), fields)
        assert_answered(response)
        for registration in Registration.objects.filter(event=event):
            assert_whole(registration)
        run.outcome = f"answered {response.status_code}"


@pytest.fixture
def settings_form(organiser, world):
    """The fields of the registration settings' form, as its page shows them."""
    return form_spec(organiser.get(admin_url(world["event"], "settings/")).context["form"])


@settings(max_examples=examples(25))
@given(data=st.data())
def test_the_registration_settings_and_their_questions(organiser, world, settings_form, data):
    event = world["event"]
    fields = data.draw(form_fields(settings_form, always=hidden_fields(settings_form)))
    with example("staff: registration settings") as run:
        stored = list(RegistrationSettings.objects.filter(event=event).values())
        questions = list(RegistrationQuestion.objects.filter(settings__event=event).values())
        response = organiser.post(admin_url(event, "settings/"), fields)
        assert_answered(response)
        if response.status_code != 302:
            assert list(RegistrationSettings.objects.filter(event=event).values()) == stored
            assert list(RegistrationQuestion.objects.filter(settings__event=event).values()) == questions
            run.outcome = "refused"
            return
        run.outcome = "saved"
        settings_row = RegistrationSettings.objects.get(event=event)
        assert_whole(settings_row)
        for question in settings_row.questions.all():
            assert_whole(question)
            assert question.clean_name


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_event_team(organiser, world, data):
    event = world["event"]
    members = list(EventTeamMember.objects.filter(event=event).values_list("pk", flat=True))
    remove = data.draw(st.booleans())
    if remove:
        fields = data.draw(form_fields({"remove": [str(pk) for pk in members] + ODD_IDS}))
    else:
        fields = data.draw(form_fields({"email": [*EMAILS, "member2@example.org"], "role": ["desk", "reporter"]}))
    with example(f"staff: event team {'removal' if remove else 'member'}") as run:
        before = row_counts(EventTeamMember)
        response = organiser.post(attendance_url(event, "team/"), fields)
        assert_answered(response)
        after = row_counts(EventTeamMember)
        run.outcome = "changed" if after != before else "unchanged"
        for member in EventTeamMember.objects.filter(event=event):
            assert_whole(member)


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_attendee_list_export(organiser, world, data):
    event = world["event"]
    keys = [column.key for column in all_columns(event)]
    chosen = data.draw(st.lists(weighted((20, st.sampled_from(keys)), (1, hostile_text(max_pieces=1))), max_size=8))
    fields = data.draw(
        form_fields(
            {
                "format": ["xlsx", "csv", "ods", "json"],
                "status": ["", "confirmed", "cancelled"],
                "role": ["", "participant"],
                "attendance": ["", "attended", "no_show"],
                "q": ["", "بسام", "Smith"],
                "ordering": ["", "-created_at", "reference"],
                **{f"position-{key}": ["1", "2", "30", "", "9" * 30] for key in chosen},
            }
        )
    )
    fields["column"] = chosen
    with example("staff: attendee list export") as run:
        before = list(ExportChoice.objects.filter(event=event).values("columns"))
        response = organiser.post(attendance_url(event, "export/"), fields)
        assert_answered(response)
        if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
            assert list(ExportChoice.objects.filter(event=event).values("columns")) == before
            run.outcome = f"answered {response.status_code}"
            return
        run.outcome = f"exported {fields.get('format')}"
        assert_whole(ExportChoice.objects.get(event=event))


# --- imports --------------------------------------------------------------------------------------


@settings(max_examples=examples(20))
@given(data=st.data())
def test_importing_registrations_step_by_step(organiser, world, data):
    """An upload, then the mapping, the preview or the import, sent with the mapping the page
    proposed or another, the file's token or a hostile one."""
    event = world["event"]
    questions = {f"{QUESTION}{question.clean_name}": question.field_type for question in world["questions"]}
    targets = targets_for(event)
    name, content, mapping = data.draw(registration_file(targets, questions))
    url = admin_url(event, "import/")
    with example("staff: registration import") as run:
        before = row_counts(*REGISTERED, ImportMapping)
        response = organiser.post(url, {"step": "upload", "file": uploaded(name, content)})
        assert_answered(response)
        if response.status_code != 200 or response.context.get("step") != "map":
            assert row_counts(*REGISTERED, ImportMapping) == before
            run.outcome = "file refused"
            return
        token, headers = response.context["token"], [column[1] for column in response.context["columns"]]
        keys = [target.key for target in targets]
        fields = data.draw(
            form_fields(
                {
                    "step": ["map", "preview", "apply", "apply"],
                    "token": [token],
                    "send_emails": ["on", ""],
                    "override_capacity": ["on", ""],
                    **{
                        f"map-{index}": [key] * 60 + ["", *keys]
                        for index, key in zip(range(len(headers)), mapping, strict=False)
                    },
                }
            )
        )
        response = organiser.post(url, fields)
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(*REGISTERED) == {key: before[key] for key in row_counts(*REGISTERED)}
            step = fields.get("step", "upload") if fields.get("step") in ("map", "preview", "apply") else "other"
            run.outcome = f"step {step} answered {response.status_code}"
            return
        run.outcome = "imported" if fields.get("step") == "apply" else "redirected"
        for registration in Registration.objects.filter(event=event).order_by("-pk")[:10]:
            assert_whole(registration)
            assert_whole(registration.person)


@settings(max_examples=examples(20))
@given(data=st.data())
def test_meeting_reports_uploaded_then_linked_and_confirmed(organiser, world, data):
    event = world["event"]
    people = [registration.person for registration in world["registrations"]]
    names = [name for person in people for name in (person.name, person.name_ar) if name]
    content, filename, tool = data.draw(meeting_report(event.local_start.date(), names, [p.email for p in people]))
    slots = [slot.key for slot in slots_for(event)]
    upload = data.draw(form_fields({"tool": ["", "", tool, tool, "zoom"], "slot": ["", *slots]}))
    ids = [str(registration.pk) for registration in world["registrations"]] + ODD_IDS
    with example("staff: meeting report") as run:
        before = row_counts(MeetingReportUpload, Attendance)
        response = organiser.post(attendance_url(event, "reports/"), {**upload, "file": uploaded(filename, content)})
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(MeetingReportUpload, Attendance) == before
            run.outcome = "refused"
            return
        kept = MeetingReportUpload.objects.get(event=event)
        assert_whole(kept)
        links = data.draw(form_fields({f"link-{row['key']}": [*ids, ""] for row in kept.rows}))
        before = row_counts(Attendance)
        response = organiser.post(response["Location"], links)
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(Attendance) == before
            run.outcome = "kept, confirmation refused"
            return
        run.outcome = "recorded"
        for record in Attendance.objects.filter(registration__event=event):
            assert_whole(record)


# Column titles made up for the test (no source gives those of the meeting tools in Arabic).
MADE_UP_TITLES = ["الاسم", "الاسم الأول", "البريد الإلكتروني", "وقت الانضمام", "وقت المغادرة", "المدة (دقائق)"]


def unrecognised_report(event, people):
    """An attendance report of the event's first day whose column titles Multaqa cannot tell."""
    day = event.local_start.strftime("%m/%d/%Y")
    lines = [",".join(MADE_UP_TITLES)]
    for number, person in enumerate(people):
        lines.append(f"{person.name},{person.name},{person.email},{day} 10:0{number},{day} 11:00,{60 - number}")
    return ("\r\n".join(lines) + "\r\n").encode()


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_columns_of_an_unrecognised_meeting_report(organiser, world, data):
    """The step that chooses a report's columns, sent any value: a column that is not one, one
    column for two things, no name or no time, a tool or a day that is none of the choices."""
    event = world["event"]
    people = [registration.person for registration in world["registrations"]]
    columns = [str(index) for index in range(len(MADE_UP_TITLES))]
    slots = [slot.key for slot in slots_for(event)]
    # Each choice's own column first and most often, then none, then any.
    natural = {"name": "0", "first_name": "", "last_name": "", "email": "2", "start": "3", "end": "4", "duration": "5"}
    chosen = {held: [column, column, "", *columns] for held, column in natural.items()}
    tools = ["zoom", "teams", "meet", "other", ""]
    fields = data.draw(form_fields({**chosen, "tool": tools, "slot": ["", *slots]}))
    with example("staff: meeting report columns") as run:
        upload = meeting_import.keep_for_columns(event, unrecognised_report(event, people), filename="تقرير.csv")
        before = row_counts(Attendance)
        response = organiser.post(attendance_url(event, f"reports/{upload.key}/columns/"), fields)
        assert_answered(response)
        upload.refresh_from_db()
        assert row_counts(Attendance) == before, "choosing the columns recorded attendance"
        if response.status_code != 302:
            assert upload.content is not None and upload.rows == [], "refused columns changed the upload"
            run.outcome = "refused"
            return
        run.outcome = "read"
        assert upload.content is None and upload.rows and upload.tool in {"zoom", "teams", "meet", "other"}
        assert_whole(upload)


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_directory_import_screens(fuzz_client, admin_user, world, data):
    kind = data.draw(st.sampled_from(["people", "organisations"]))
    name, content = data.draw(directory_file(kind))
    fuzz_client.force_login(admin_user)
    with example(f"staff: directory import of {kind}") as run:
        before = row_counts(Person, Organisation, Affiliation)
        response = fuzz_client.post(f"/admin/directory-tools/import/{kind}/preview/", {"file": uploaded(name, content)})
        assert_answered(response)
        assert row_counts(Person, Organisation, Affiliation) == before, "the preview wrote rows"
        token = (response.context or {}).get("token") or ""
        fields = data.draw(form_fields({"token": [token]}))
        response = fuzz_client.post(f"/admin/directory-tools/import/{kind}/confirm/", fields)
        assert_answered(response)
        after = row_counts(Person, Organisation, Affiliation)
        run.outcome = "imported" if after != before else "refused"
        for model in (Person, Organisation):
            for record in model.objects.order_by("-pk")[:5]:
                assert_whole(record)


# --- attendance and certificates ------------------------------------------------------------------


@pytest.fixture
def plan_form_fields(organiser, world):
    return form_spec(organiser.get(attendance_url(world["event"], "plan/")).context["form"])


@settings(max_examples=examples(20))
@given(data=st.data())
def test_the_certificates_actions_and_the_attendance_plan(organiser, world, plan_form_fields, data):
    event = world["event"]
    plan_form = data.draw(st.booleans())
    if plan_form:
        spec = dict(plan_form_fields)
        spec["minimum_minutes"] = [*spec["minimum_minutes"], "2147483648", "9" * 30, "-1"]
        spec["completion_value"] = [*spec["completion_value"], "101", "9" * 30]
    else:
        ids = [str(registration.pk) for registration in world["registrations"]]
        spec = {
            "action": ["issue_all", "issue", "revoke"],
            "registration": [*ids, "", "0", "9" * 30],
            "certificate": [str(world["certificate"].pk), "", "9" * 30],
            "reason": ["Issued by mistake.", "صدرت خطأ", ""],
        }
    fields = data.draw(form_fields(spec))
    with example(f"staff: {'attendance plan' if plan_form else 'certificates'}") as run:
        stored = list(AttendancePlan.objects.filter(event=event).values())
        response = organiser.post(attendance_url(event, "plan/" if plan_form else "certificates/"), fields)
        assert_answered(response)
        if plan_form and response.status_code != 302:
            assert list(AttendancePlan.objects.filter(event=event).values()) == stored
        run.outcome = f"answered {response.status_code}"
        for record in [*AttendancePlan.objects.filter(event=event), *Certificate.objects.all()]:
            assert_whole(record)


# --- the directory's records ------------------------------------------------------------------------


@pytest.fixture
def directory_forms(fuzz_client, admin_user, world):
    """``{model: (address, fields)}`` of the directory's forms for a new person and a new
    organisation, as their pages show them."""
    fuzz_client.force_login(admin_user)
    forms = {}
    for model in ("person", "organisation"):
        url = f"/admin/snippets/network/{model}/add/"
        forms[model] = (url, form_spec(fuzz_client.get(url).context["form"]))
    return forms


@settings(max_examples=examples(20))
@given(data=st.data())
def test_a_new_person_or_organisation_in_the_directory(fuzz_client, directory_forms, data):
    model = data.draw(st.sampled_from(sorted(directory_forms)))
    url, spec = directory_forms[model]
    fields = data.draw(form_fields(spec, always=hidden_fields(spec)))
    with example(f"staff: new {model}") as run:
        before = row_counts(Person, Organisation, Affiliation)
        response = fuzz_client.post(url, fields)
        assert_answered(response)
        if response.status_code != 302:
            assert row_counts(Person, Organisation, Affiliation) == before, "a refused record wrote rows"
            run.outcome = "refused"
            return
        run.outcome = "added"
        record = (Person if model == "person" else Organisation).objects.order_by("-pk").first()
        assert_whole(record)
        for affiliation in Affiliation.objects.filter(person=record) if model == "person" else []:
            assert_whole(affiliation)
