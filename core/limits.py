"""How often one address or one account may do a thing, counted in the shared cache.

The cache is Redis when one is configured (``REDIS_URL``), so a limit holds across every app
server; the demo's in-process cache holds it for its one process. Each action has rates in
``settings.RATE_LIMITS``, written as allauth writes its own (``"20/10m/ip,10/10m/user"``: 20
in ten minutes from one address, 10 from one account). Signing in, sign-up, password resets
and sign-in and verification codes are limited by allauth itself (``ACCOUNT_RATE_LIMITS``);
the second factor's codes count against the failed sign-ins of the account.

A limit reached is a ``DomainError`` with the code ``too_many_attempts`` (HTTP 429) and a
message in the visitor's language; nothing of the refused attempt is done.
"""

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _

from core.cache import count_up
from core.errors import DomainError

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(?P<count>\d+)/(?P<amount>\d*)(?P<unit>[smhd])/(?P<per>ip|user)$")


class TooManyAttempts(DomainError):
    def __init__(self):
        super().__init__(_("Too many attempts in a short time. Wait a minute, then try again."), "too_many_attempts")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int
    per: str


def rates(action):
    """The rates of ``action`` from ``settings.RATE_LIMITS``; a mistyped rate stops the site
    at the first attempt rather than leaving a door without a limit."""
    written = settings.RATE_LIMITS.get(action, "")
    parsed = []
    for part in filter(None, (piece.strip() for piece in written.split(","))):
        match = RATE.match(part)
        if match is None:
            raise ValueError(f"RATE_LIMITS[{action!r}]: {part!r} is not like '20/10m/ip'")
        seconds = int(match["amount"] or 1) * UNITS[match["unit"]]
        parsed.append(Rate(int(match["count"]), seconds, match["per"]))
    return parsed


def client_address(request):
    """The visitor's address, as allauth reads it (behind the proxies the settings trust)."""
    from allauth.account.adapter import get_adapter  # the accounts app owns this reading

    return get_adapter(request).get_client_ip(request)


def consume(request, action):
    """Counts one attempt at ``action`` against each of its rates (the visitor's address,
    their account), all in one round trip to the cache; raises ``TooManyAttempts`` when one
    of them is used up."""
    user = getattr(request, "user", None)
    now = int(time.time())
    counters, limits = {}, []
    for rate in rates(action):
        if rate.per == "user":
            if user is None or not user.is_authenticated:
                continue
            who = f"user:{user.pk}"
        else:
            who = f"ip:{client_address(request)}"
        window = now // rate.seconds
        counters[f"limit:{action}:{rate.count}/{rate.seconds}:{who}:{window}"] = rate.seconds + 1
        limits.append(rate.count)
    if not counters:
        return
    used = count_up(caches["default"], counters)
    if any(count > limit for count, limit in zip(used, limits, strict=True)):
        raise TooManyAttempts()
