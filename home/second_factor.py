"""Anyone who can see other people's personal data signs in with a second factor.

That is everyone with a role in the admin or at an event: superusers, staff, the members of
any admin group (organisers, reporters, directory staff) and desk staff of any event. They
use django-allauth's MFA: an authenticator app's codes or a passkey, with recovery codes.
Participants may turn it on from their account pages; for them it stays optional.

The rule holds at both doors, the site's sign-in and the admin's: a signed-in person with a
role whose session has not passed a second factor is sent, from any page, to allauth's
pages: to set one up when they have none yet (their account pages stay open for that), else
to give a code or use their passkey (then only that page stays open, so a session that knows
the password alone cannot remove the factor or add one of its own). Signing out and the
language switch stay open. Whether a person has a
role is looked up once and remembered in the session for ``ROLE_CHECK_SECONDS``, so a
participant's pages cost no extra query; a role given to someone reaches them at the latest
after that time.
"""

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import EventTeamMember

ROLE_CHECK_SECONDS = 600
SESSION_KEY = "second_factor_role"
# Pages open before the second factor is passed (see ``is_open``).
ALWAYS_OPEN = {"set_language", "javascript-catalog", "healthz", "wagtailadmin_logout", "account_logout"}
FACTOR_PAGES = {"mfa_reauthenticate", "mfa_authenticate"}
SET_UP_PREFIXES = ("account_", "mfa_")


def has_role(user):
    """True for anyone who can see personal data of others (see the module's text)."""
    if user.is_superuser or user.is_staff:
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return EventTeamMember.objects.filter(user=user).exists()


def has_second_factor(user):
    """An authenticator app or a passkey (recovery codes alone are not a factor to sign in with)."""
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def passed_in_session(request):
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def needs_second_factor(request):
    """Whether this signed-in visitor must pass a second factor before going on."""
    user = request.user
    if passed_in_session(request):
        return False
    remembered = request.session.get(SESSION_KEY)
    now = time.time()
    if (
        isinstance(remembered, dict)
        and remembered.get("user") == user.pk
        and now - remembered.get("at", 0) < ROLE_CHECK_SECONDS
    ):
        return bool(remembered.get("role"))
    role = has_role(user)
    request.session[SESSION_KEY] = {"user": user.pk, "role": role, "at": now}
    return role


def _factors(user):
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES)


def _signed_in_at(request, user):
    records = get_authentication_records(request, user)
    return datetime.fromtimestamp(records[0]["at"], tz=UTC) if records else None


def first_factor_set_up_in_session(request, user):
    """True when every factor ``user`` has was set up since this session signed in: their
    first, which allauth set up only with a code from the new app or with the new passkey.
    A session that signed in with the password alone cannot pass by adding a factor to an
    account that had one (it is sent to use the one it had)."""
    signed_in_at = _signed_in_at(request, user)
    if signed_in_at is None:
        return False
    factors = _factors(user)
    return factors.exists() and not factors.filter(created_at__lt=signed_in_at).exists()


def is_open(request, has_factor):
    """Pages a person with a role may open before passing a second factor: signing out and
    the language switch always; with a factor, only the pages that ask for it; without one,
    their account pages, where they set one up."""
    match = getattr(request, "resolver_match", None)
    name = (match.url_name or "") if match else ""
    if name in ALWAYS_OPEN:
        return True
    if has_factor:
        return name in FACTOR_PAGES
    return name.startswith(SET_UP_PREFIXES)


class SecondFactorMiddleware:
    """Sends a person with a role who has not passed a second factor in this session to set
    one up or to use it (see the module's text). Off with ``STAFF_SECOND_FACTOR=false``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_SECOND_FACTOR:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not needs_second_factor(request):
            return None
        has_factor = has_second_factor(user)
        if is_open(request, has_factor):
            return None
        if has_factor and first_factor_set_up_in_session(request, user):
            record_authentication(request, user, "mfa", activated=True)
            return None
        if has_factor:
            query = urlencode({"next": request.get_full_path()})
            messages.info(request, _("Confirm it is you with your authenticator app or passkey to open staff pages."))
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.warning(
            request,
            _(
                "You can see other people's personal data, so you sign in with a second factor. "
                "Set up an authenticator app or a passkey to go on."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_index"))


def count_new_factor(request, user, **kwargs):
    """Setting up a first factor passes it for the session it was set up in (see
    ``first_factor_set_up_in_session``)."""
    if request is not None and getattr(request, "session", None) is not None:
        if first_factor_set_up_in_session(request, user):
            record_authentication(request, user, "mfa", activated=True)


def count_admin_sign_in(sender, request, user, **kwargs):
    """The admin's sign-in form is Django's, which allauth does not see: it is recorded as a
    password sign-in, as allauth records its own, so that setting up a factor right after it
    does not ask for the password again."""
    if (
        request is not None
        and getattr(request, "session", None) is not None
        and not get_authentication_records(request, user)
    ):
        record_authentication(request, user, "password")


def give_authenticator(user, secret):
    """An authenticator-app factor for ``user`` with ``secret`` (base32), replacing the one
    they had: the demo's staff accounts get one whose key the demo prints."""
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    return TOTP.activate(user, secret).instance


def current_code(user):
    """The code ``user``'s authenticator app shows now, or ``None`` without one: the
    half-minute allauth checks a code against (the middle of the periods it tolerates), by
    allauth's own clock."""
    from allauth.mfa.totp.internal import auth
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    secret = decrypt(authenticator.data["secret"])
    counters = list(auth.yield_hotp_counters_from_time())
    return auth.format_hotp_value(auth.hotp_value(secret, counters[len(counters) // 2]))
