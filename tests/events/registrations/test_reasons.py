"""An organiser's reason for declining or cancelling: kept in the registration's history and
quoted in the participant's email, in their language, as the organisers' words; never the
notes the services write for the organisers themselves."""

import pytest

from events.registrations import services
from events.registrations.models import REASON_MAX_LENGTH, StatusChange
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory

pytestmark = pytest.mark.django_db

LABEL = {"ar": "السبب كما كتبه فريق التنظيم:", "en": "The organisers’ reason, in their words:"}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def html_of(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def sent_to(mailoutbox, registration):
    (message,) = [m for m in mailoutbox if m.to == [registration.person.email]]
    return message


@pytest.mark.parametrize(
    ("language", "subject", "action"),
    [
        ("en", "[Multaqa] Your registration was not accepted", "decline"),
        ("ar", "[ملتقى] لم يُقبل تسجيلك", "decline"),
        ("en", "[Multaqa] Your registration is cancelled", "cancel"),
        ("ar", "[ملتقى] أُلغي تسجيلك", "cancel"),
    ],
)
def test_the_reason_is_kept_and_quoted_in_the_participants_language(
    settings_for_event, committed, mailoutbox, staff, language, subject, action
):
    registration = services.register(settings_for_event.event, PersonFactory(), language=language)
    mailoutbox.clear()
    reason = "Seats are kept for the <b>partner</b> organisations & their staff.\r\nThank you."
    with committed():
        getattr(services, action)(registration, by=staff, reason=f"  {reason}  ")
    change = registration.history.last()
    assert change.to_status == {"decline": "declined", "cancel": "cancelled"}[action]
    assert (change.by, change.reason, change.note) == (staff, reason.replace("\r\n", "\n"), "")
    (message,) = mailoutbox
    assert message.subject.startswith(subject)
    assert f"{LABEL[language]}\n« {reason.replace(chr(13), '')} »" in message.body
    html = html_of(message)
    assert LABEL[language] in html
    assert "the &lt;b&gt;partner&lt;/b&gt; organisations &amp; their staff.<br>Thank you." in html
    assert "<b>partner</b>" not in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize("action", ["decline", "cancel"])
def test_without_a_reason_the_email_is_as_before(settings_for_event, committed, mailoutbox, staff, action):
    registration = services.register(settings_for_event.event, PersonFactory(), language="en")
    mailoutbox.clear()
    with committed():
        getattr(services, action)(registration, by=staff, reason="   ")
    assert registration.history.last().reason == ""
    (message,) = mailoutbox
    assert "reason" not in message.body.lower()
    assert "<blockquote" not in html_of(message)
    # The message, then a blank line, then the event: nothing in between.
    event = message.body.split("\n\n")[2].splitlines()[0]
    assert event == settings_for_event.event.localized_for("en").title


def test_the_services_own_notes_never_reach_the_participant(settings_for_event, committed, mailoutbox, staff):
    """The notes "beyond capacity", "approved, no seat free" and one a caller writes for the
    record are for the organisers: a decline or cancel email quotes only the reason."""
    settings_for_event.capacity = 1
    settings_for_event.approval_required = True
    settings_for_event.save()
    seated = services.register(settings_for_event.event, PersonFactory(), language="en", override_approval=True)
    beyond = services.register(
        settings_for_event.event, PersonFactory(), language="en", override_approval=True, override_capacity=True
    )
    waiting = services.approve(services.register(settings_for_event.event, PersonFactory(), language="en"))
    assert [r.history.last().note for r in (seated, beyond, waiting)] == [
        "approval skipped by staff",
        "approval skipped by staff; beyond capacity",
        "approved, no seat free",
    ]
    mailoutbox.clear()
    with committed():
        services.cancel(beyond, by=staff, note="asked by phone")
        services.decline(waiting, by=staff)
        services.cancel(seated, by=staff, reason="The hall is smaller than planned.")
    for registration in (beyond, waiting):
        message = sent_to(mailoutbox, registration)
        for text in (message.body, html_of(message)):
            for note in ("asked by phone", "beyond capacity", "no seat free", "approval skipped", LABEL["en"]):
                assert note not in text
    assert "The hall is smaller than planned." in sent_to(mailoutbox, seated).body
    assert StatusChange.objects.get(registration=beyond, to_status="cancelled").note == "asked by phone"


def test_a_reason_over_the_limit_is_refused_and_changes_nothing(settings_for_event, committed, mailoutbox, staff):
    registration = services.register(settings_for_event.event, PersonFactory())
    mailoutbox.clear()
    history = list(registration.history.values_list("pk", flat=True))
    with committed(), pytest.raises(services.RegistrationError) as refused:
        services.decline(registration, by=staff, reason="x" * (REASON_MAX_LENGTH + 1))
    assert refused.value.code == "reason_too_long"
    assert str(REASON_MAX_LENGTH) in str(refused.value.message)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert list(registration.history.values_list("pk", flat=True)) == history
    assert mailoutbox == []


def test_line_breaks_count_once_against_the_limit(settings_for_event, staff):
    registration = services.register(settings_for_event.event, PersonFactory())
    reason = ("a" * 99 + "\r\n") * 5  # 500 characters once each line break is one
    services.cancel(registration, by=staff, reason=reason)
    assert len(registration.history.last().reason) == REASON_MAX_LENGTH - 1  # the last break is trimmed


def test_a_participant_cancelling_gives_no_reason(settings_for_event, committed, mailoutbox):
    registration = services.register(settings_for_event.event, PersonFactory(), language="en")
    mailoutbox.clear()
    with committed():
        services.cancel(registration, as_participant=True)
    assert registration.history.last().reason == ""
    assert LABEL["en"] not in mailoutbox[0].body
