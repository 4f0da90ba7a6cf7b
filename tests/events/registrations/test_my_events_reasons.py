"""My events shows the organisers' reason for declining or cancelling a registration, as the
registration's page does and from the same place (services/reasons.py): escaped, shortened
when long (the page has it whole), to the participant alone, and never the organisers' notes."""

import pytest

from events.registrations import services
from events.registrations.models import REASON_MAX_LENGTH
from events.registrations.services.reasons import SHORT_LENGTH, Reason, organisers_reasons
from tests.factories.registrations import SettingsFactory, participant

pytestmark = pytest.mark.django_db

LABEL = {"en": "The organisers’ reason, in their words:", "ar": "السبب كما كتبه فريق التنظيم:"}
WHOLE = {"en": "Read the whole reason", "ar": "اقرأ السبب كاملًا"}
DECLINED = {"en": "Declined", "ar": "مرفوض"}
NOTE = "internal: her manager asked us not to"


def card(html, registration):
    """The part of My events that is ``registration``'s card."""
    start = html.index(f'id="{registration.reference}"')
    return html[start : html.index("</li>", start)]


def register(person):
    return services.register(SettingsFactory(capacity=5).event, person)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_declined_registration_shows_the_reason_in_my_events_escaped_and_never_the_notes(client, demo_site, lang):
    user, person = participant()
    client.force_login(user)
    declined = register(person)
    services.decline(declined, reason="<b>The hall</b> holds fewer people than we hoped.", note=NOTE)
    cancelled = register(person)
    services.cancel(cancelled, reason="القاعة أصغر مما توقّعنا.")
    quiet = register(person)
    services.cancel(quiet, note="approved, no seat free")
    mine = register(person)
    services.cancel(mine, as_participant=True)
    confirmed = register(person)

    html = client.get(f"/{lang}/my/events/").content.decode()

    shown = card(html, declined)
    assert DECLINED[lang] in shown
    assert LABEL[lang] in shown
    assert "&lt;b&gt;The hall&lt;/b&gt; holds fewer people than we hoped." in shown
    assert "<b>The hall</b>" not in html
    assert '<blockquote class="organisers-reason" dir="auto">' in shown
    assert WHOLE[lang] not in shown  # short enough to show whole
    assert "القاعة أصغر مما توقّعنا." in card(html, cancelled)
    for without in (quiet, mine, confirmed):
        assert LABEL[lang] not in card(html, without)
    assert NOTE not in html and "no seat free" not in html and "internal" not in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_long_reason_is_shortened_in_my_events_and_whole_on_the_registrations_page(client, demo_site, lang):
    user, person = participant()
    client.force_login(user)
    declined = register(person)
    sentence = "We had many more requests than seats, so we chose those working in Basra first. "
    reason = (sentence * 10)[: REASON_MAX_LENGTH - 10].strip() + "\nThe end."
    services.decline(declined, reason=reason)

    shown = card(client.get(f"/{lang}/my/events/").content.decode(), declined)

    quoted = shown.split('dir="auto">')[1].split("</blockquote>")[0]
    assert quoted.endswith("…") and len(quoted) <= SHORT_LENGTH + 1
    assert quoted[:-1] == reason[: len(quoted) - 1]
    assert "The end." not in shown
    assert WHOLE[lang] in shown
    assert f'href="/{lang}/my/events/{declined.reference}/#organisers-reason"' in shown

    page = client.get(f"/{lang}/my/events/{declined.reference}/").content.decode()
    assert 'id="organisers-reason"' in page
    assert reason.replace("\n", "<br>") in page
    assert LABEL[lang] in page


def test_only_the_participant_sees_their_reason(client, demo_site):
    user, person = participant()
    declined = register(person)
    services.decline(declined, reason="Your organisation is not eligible for this round.")
    other_user, other = participant()
    services.register(declined.event, other)
    client.force_login(other_user)
    assert "not eligible for this round" not in client.get("/en/my/events/").content.decode()
    client.force_login(user)
    assert "not eligible for this round" in client.get("/en/my/events/").content.decode()


def test_the_reason_is_the_one_given_with_the_status_the_registration_has(demo_site):
    _user, person = participant()
    declined, silent, active = register(person), register(person), register(person)
    services.decline(declined, reason="First come, first served.")
    services.decline(silent)
    for registration in (declined, silent):
        registration.refresh_from_db()
    found = organisers_reasons([declined, silent, active])
    assert found == {declined.pk: Reason("First come, first served.")}
    assert organisers_reasons([declined], "cancelled") == {}


@pytest.mark.parametrize(
    ("text", "short", "shortened"),
    [
        ("Short.", "Short.", False),
        ("Line one.\n\nLine two.", "Line one. Line two.", False),
        ("word " * 40, ("word " * 32).strip() + "…", True),
        ("سبب " * 50, ("سبب " * 40).strip() + "…", True),
        ("x" * 200, "x" * SHORT_LENGTH + "…", True),
    ],
)
def test_a_reason_is_shortened_after_a_whole_word(text, short, shortened):
    reason = Reason(text.strip())
    assert reason.short == short
    assert reason.shortened is shortened
