"""Signing what is sent to an endpoint, and checking a signature as a receiver should.

Each request carries ``Multaqa-Signature: t=<unix time>,v1=<hex>``, where the hex is the
HMAC-SHA256, keyed with the endpoint's secret (its UTF-8 bytes, ``whsec_`` included), of the
timestamp, a full stop and the raw body: ``f"{t}.".encode() + body``. A receiver computes the
same, compares in constant time, and refuses a timestamp more than five minutes away from its
own clock, so a request recorded on the way cannot be played again later. docs/webhooks.md
shows it in a few languages; ``verify`` is the reference.
"""

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "Multaqa-Signature"
DELIVERY_HEADER = "Multaqa-Delivery"
KIND_HEADER = "Multaqa-Event"
# How far a receiver lets a timestamp be from its own clock, in seconds.
TOLERANCE = 5 * 60


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret, timestamp, body):
    message = f"{int(timestamp)}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time() if timestamp is None else timestamp)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret, header, body, *, now=None, tolerance=TOLERANCE):
    """Whether ``header`` (the Multaqa-Signature value) signs ``body`` (bytes) with ``secret``
    and was made within ``tolerance`` seconds of ``now``."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, timestamp, body))
