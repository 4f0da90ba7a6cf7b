"""Personal API tokens: made and revoked by their owner on their account page, checked on every
call of the staff API, and the log of those calls.

Who may make one, and what a token may reach, are the event permission policy's answers
(events/permissions.py), asked for the token's user on every call and narrowed to the token's
own events: a token never reaches an event its user may not, and a right taken from the user
is gone from their tokens at the next call. Revoking is read on every call too, so it takes
effect at once.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.log_actions import log
from wagtail.models import APIToken

from core.errors import DomainError
from events.models import EventPage
from events.permissions import desk_policy, manageable_events, reports_policy
from events.translation import default_language

from .models import ApiCall, StaffToken, TokenScope

LONGEST_NAME = 100
# Active tokens one person may hold at once: enough for every integration, few enough to review.
MOST_ACTIVE_TOKENS = 20
# The expiries offered (days); none is also offered.
EXPIRY_DAYS = (7, 30, 90, 365)
# How stale "last used" may get before a call writes it again: a busy integration does not
# write the token's row on every call.
LAST_USED_EVERY = timedelta(minutes=1)
# The codes that mean "no valid token": answered 401.
UNAUTHENTICATED = {"token_missing", "token_unknown", "token_revoked", "token_expired", "account_inactive"}


class TokenError(DomainError):
    def __init__(self, message, code, token=None):
        super().__init__(message, code)
        self.token = token

    @property
    def status(self):
        if self.code in UNAUTHENTICATED:
            return 401
        if self.code == "read_only":
            return 403
        return super().status


def may_create_tokens(user):
    """Only staff who may manage at least one event's registrations make tokens."""
    return bool(user and user.is_authenticated) and manageable_events(user).exists()


def canonical_events():
    return EventPage.objects.filter(locale__language_code=default_language())


def visible_events(user, events=None):
    """The events (default-language pages by default) ``user`` may do any staff work on: read
    their people (organisers, reporters) or work their desk (organisers, desk staff)."""
    events = canonical_events() if events is None else events
    return reports_policy.events_for_user(user, events) | desk_policy.events_for_user(user, events)


def events_for(staff_token, policy, events=None):
    """The events (default-language pages by default) ``staff_token`` may do ``policy``'s work
    on: its user's, as the policy answers for them, within the token's own set."""
    events = canonical_events() if events is None else events
    allowed = policy.events_for_user(staff_token.token.user, events)
    if not staff_token.all_events:
        allowed = allowed.filter(pk__in=staff_token.events.values("pk"))
    return allowed


def create(user, *, name, scope=TokenScope.READ, event_ids=(), expires_in_days=None, now=None):
    """Makes a token for ``user`` and returns ``(staff_token, secret)``; the secret exists only
    in this answer. Refuses with a ``TokenError``: ``forbidden`` (the user manages no event),
    ``name_missing``, ``name_too_long``, ``invalid_scope``, ``invalid_expiry``,
    ``invalid_events`` (an event the user may not see), ``too_many_tokens``."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name, to recognise it later."), "name_missing")
    if len(name) > LONGEST_NAME:
        raise TokenError(
            _("A token's name has at most %(count)s characters.") % {"count": LONGEST_NAME}, "name_too_long"
        )
    if scope not in TokenScope.values:
        raise TokenError(_("Choose the token's scope: read, or read and write."), "invalid_scope")
    if expires_in_days is not None and expires_in_days not in EXPIRY_DAYS:
        raise TokenError(_("Choose one of the offered expiry periods."), "invalid_expiry")
    now = now or timezone.now()
    wanted = {int(pk) for pk in event_ids}
    with transaction.atomic():
        # One person's tokens are counted under a lock on their account's row.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if not may_create_tokens(user):
            raise TokenError(_("Only staff who manage at least one event may create API tokens."), "forbidden")
        active = StaffToken.objects.filter(token__user=user, token__revoked_at__isnull=True)
        if active.exclude(expires_at__lte=now).count() >= MOST_ACTIVE_TOKENS:
            raise TokenError(
                ngettext_lazy(
                    "You already have %(count)s active token. Revoke one you no longer use first.",
                    "You already have %(count)s active tokens. Revoke one you no longer use first.",
                    MOST_ACTIVE_TOKENS,
                )
                % {"count": MOST_ACTIVE_TOKENS},
                "too_many_tokens",
            )
        events = list(visible_events(user).filter(pk__in=wanted)) if wanted else []
        if len(events) != len(wanted):
            raise TokenError(_("Some of the chosen events are not among the events you may see."), "invalid_events")
        token, secret = APIToken.create_token(user=user, name=name)
        staff_token = StaffToken.objects.create(
            token=token,
            scope=scope,
            all_events=not events,
            expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
        )
        staff_token.events.set(events)
        log(token, "wagtail.apitoken.create", user=user, data={"scope": scope, "events": sorted(wanted)})
    return staff_token, secret


def revoke(user, token_id, now=None):
    """Revokes ``user``'s own token ``token_id``, from the next call on. ``not_found`` for a
    token that is not theirs, ``already_revoked`` for one revoked before."""
    with transaction.atomic():
        token = APIToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise TokenError(_("No such token."), "not_found")
        if token.revoked_at is not None:
            raise TokenError(_("This token is already revoked."), "already_revoked", token=token)
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        log(token, "wagtail.apitoken.revoke", user=user)
    return token


def authenticate(secret, now=None):
    """The ``StaffToken`` whose secret is ``secret``, with its token and user, if it may be used
    now; otherwise a ``TokenError`` (401): ``token_unknown``, ``token_revoked``,
    ``token_expired``, ``account_inactive``, carrying the token when there is one.

    No transaction: reading the token is one query, and touching "last used" one UPDATE."""
    now = now or timezone.now()
    token = None
    if APIToken.validate_token_format(secret):
        token = (
            APIToken.objects.select_related("user", "staff")
            .filter(key_hash__in=APIToken.candidate_key_hashes(secret))
            .first()
        )
    # A Wagtail token made elsewhere (the command line) has no staff settings: unknown here.
    staff_token = getattr(token, "staff", None)
    if staff_token is None:
        raise TokenError(
            _("This API token is not known. Check that it was copied whole, or create one on your account page."),
            "token_unknown",
            token=token,
        )
    if token.revoked_at is not None:
        raise TokenError(_("This API token was revoked."), "token_revoked", token=token)
    if staff_token.expires_at is not None and staff_token.expires_at <= now:
        raise TokenError(_("This API token has expired."), "token_expired", token=token)
    if not token.user.is_active:
        raise TokenError(_("The account this API token belongs to is disabled."), "account_inactive", token=token)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return staff_token


def require_write(staff_token):
    if not staff_token.may_write:
        raise TokenError(
            _("This token may only read. Create a token with the “read and write” scope to do this."), "read_only"
        )


def tokens_of(user):
    """``user``'s tokens for the staff API, the newest first, with their events."""
    return (
        StaffToken.objects.filter(token__user=user)
        .select_related("token")
        .prefetch_related("events")
        .order_by("-token__created", "-pk")
    )


def record_call(*, token, user, method, path, status, code="", duration_ms=0, client_ip=None):
    return ApiCall.objects.create(
        token=token,
        user=user,
        method=method[:10],
        path=path[:255],
        status=status,
        code=(code or "")[:40],
        duration_ms=max(0, int(duration_ms)),
        client_ip=client_ip,
    )


def prune_calls(before):
    """Removes the calls logged before ``before`` (they hold client addresses); returns how many."""
    return ApiCall.objects.filter(at__lt=before).delete()[1].get(ApiCall._meta.label, 0)


def recent_calls(user, limit=20):
    """The latest calls made with ``user``'s tokens."""
    return ApiCall.objects.filter(token__user=user).select_related("token").order_by("-at", "-pk")[:limit]
