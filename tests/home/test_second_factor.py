"""Anyone who can see other people's personal data signs in with a second factor
(home/second_factor.py): organisers, reporters, desk staff, directory staff and admins, at
the site's door and at the admin's; participants may turn it on and are never made to."""

import html

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib.auth import get_user
from django.core.cache import cache
from django.core.management import CommandError, call_command

from events.models import EventRole, EventTeamMember
from events.team import reporters_group
from home.second_factor import current_code, give_authenticator, has_role
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.registrations import event_page, organiser, participant

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

SET_UP_EN = "so you sign in with a second factor. Set up an authenticator app or a passkey to go on."
CONFIRM_EN = "Confirm it is you with your authenticator app or passkey to open staff pages."


@pytest.fixture(autouse=True)
def english(client):
    """The admin speaks the browser's language; these tests' browser asks for English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth keeps used codes and sign-in limits in the cache."""
    cache.clear()
    yield
    cache.clear()


def page_of(response):
    return html.unescape(response.content.decode())


def admin_sign_in(client, user, language="en"):
    return client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE=language
    )


def test_who_has_a_role(demo_site):
    event = event_page()
    member, _person = participant()
    desk = UserFactory()
    EventTeamMember.objects.create(event=event.canonical, user=desk, role=EventRole.DESK)
    reporter = UserFactory()
    reporter.groups.add(reporters_group())
    assert not has_role(member)
    assert has_role(desk) and has_role(reporter) and has_role(organiser())
    assert has_role(UserFactory(is_superuser=True))


def test_a_participant_browses_without_one_and_may_turn_it_on(client):
    member, _person = participant()
    client.force_login(member)
    response = client.get("/en/my/events/")
    assert response.status_code == 200 and "My events" in page_of(response)
    index = page_of(client.get("/en/accounts/2fa/"))
    assert "Two-factor authentication" in index and "An authenticator app is not active." in index


def test_staff_without_a_factor_are_sent_to_set_one_up_from_any_page(client):
    staff = organiser()
    admin_sign_in(client, staff)
    assert get_user(client).pk == staff.pk
    for url in ("/admin/", "/admin/registrations/", "/en/my/events/", "/en/events/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/en/accounts/2fa/", url
    page = page_of(client.get("/en/accounts/2fa/"))
    assert SET_UP_EN in page and "Activate" in page
    # Their account pages and signing out stay open.
    assert client.get("/en/accounts/password/change/").status_code == 200
    client.post("/en/accounts/logout/")
    assert not get_user(client).is_authenticated


def test_in_arabic_the_request_is_in_arabic(client):
    staff = organiser()
    admin_sign_in(client, staff, language="ar")
    response = client.get("/ar/events/", follow=True)
    page = page_of(response)
    assert response.redirect_chain[-1][0] == "/ar/accounts/2fa/"
    assert "بعامل ثانٍ" in page and 'dir="rtl"' in page
    assert "second factor" not in page


def test_desk_staff_are_held_to_it_at_the_desk(client, demo_site):
    event = event_page()
    desk = UserFactory()
    EventTeamMember.objects.create(event=event.canonical, user=desk, role=EventRole.DESK)
    give_authenticator(desk, generate_totp_secret())
    client.force_login(desk)
    response = client.get(f"/en/desk/{event.canonical.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/2fa/reauthenticate/?next=%2Fen%2Fdesk%2F{event.canonical.pk}%2F"


def test_a_password_at_the_admin_door_is_followed_by_the_code(client, authenticator_clock):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    staff, secret = organiser(), generate_totp_secret()
    give_authenticator(staff, secret)
    admin_sign_in(client, staff)
    response = client.get("/admin/registrations/")
    assert response["Location"] == "/en/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fregistrations%2F"
    assert CONFIRM_EN in page_of(client.get(response["Location"]))
    wrong = client.post(response["Location"], {"code": "000000" if current_code(staff) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Incorrect code." in page_of(wrong)
    # The code of the half-minute before is one an onlooker may have seen: refused too.
    earlier = format_hotp_value(hotp_value(secret, authenticator_clock - 1))
    if earlier != current_code(staff):
        late = client.post(response["Location"], {"code": earlier})
        assert late.status_code == 200 and "Incorrect code." in page_of(late)
    assert client.get("/admin/registrations/").status_code == 302
    right = client.post(response["Location"], {"code": current_code(staff)})
    assert right.status_code == 302 and right["Location"] == "/admin/registrations/"
    listing = client.get("/admin/registrations/")
    assert listing.status_code == 200 and "Registrations" in page_of(listing)


def test_the_sites_sign_in_asks_for_the_code_itself(client, authenticator_clock):
    staff = organiser()
    give_authenticator(staff, generate_totp_secret())
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not get_user(client).is_authenticated
    client.post("/en/accounts/2fa/authenticate/", {"code": current_code(staff)})
    assert get_user(client).pk == staff.pk
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and "Dashboard" in page_of(dashboard)


def test_setting_up_a_factor_passes_it_for_that_session(client, authenticator_clock):
    staff = organiser()
    admin_sign_in(client, staff)
    # allauth asks for the password again before a factor is added.
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    form = client.get("/en/accounts/2fa/totp/activate/")
    secret = form.context["form"].secret
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, authenticator_clock))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/admin/").status_code == 200


def test_the_demo_gives_staff_an_authenticator_and_says_how_to_get_its_code(
    tmp_path, settings, capsys, authenticator_clock
):
    user = organiser(username="demo-organiser-x")
    settings.VAR_DIR = tmp_path
    secret = generate_totp_secret()
    give_authenticator(user, secret)
    call_command("second_factor_code", "demo-organiser-x")
    code = capsys.readouterr().out.strip()
    assert code == current_code(user) and len(code) == 6 and code.isdigit()
    with pytest.raises(CommandError, match="لا يرتبط هذا الحساب بتطبيق مصادقة"):  # the site's language
        call_command("second_factor_code", UserFactory().username)


def test_a_session_with_the_password_alone_cannot_change_the_factors(client):
    """Someone who knows a staff member's password but not their phone can neither remove
    the authenticator app nor add a passkey or app of their own: every page but the code's
    sends them to give the code."""
    staff = organiser()
    give_authenticator(staff, generate_totp_secret())
    admin_sign_in(client, staff)
    for url in (
        "/en/accounts/2fa/",
        "/en/accounts/2fa/totp/deactivate/",
        "/en/accounts/2fa/webauthn/add/",
        "/en/accounts/2fa/recovery-codes/",
        "/en/accounts/email/",
        "/en/accounts/reauthenticate/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/2fa/reauthenticate/"), url
    assert client.post("/en/accounts/2fa/totp/deactivate/", {})["Location"].startswith(
        "/en/accounts/2fa/reauthenticate/"
    )
    assert Authenticator.objects.filter(user=staff).count() == 1
