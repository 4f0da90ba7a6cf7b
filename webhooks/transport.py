"""One POST to an endpoint, to the addresses that were checked, and what came back.

The connection goes to the checked addresses themselves (``addresses.check``), one after the
other, while the request and the TLS certificate still name the host: a second DNS lookup
could answer differently. Connecting, sending and each read wait ``TIMEOUT`` seconds at most;
a redirect is an answer like any other (not followed); of the answer only the first
``READ_AT_MOST`` bytes are read, and an excerpt is kept.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from functools import partial

from django.utils.translation import gettext_lazy as _

TIMEOUT = 5
READ_AT_MOST = 4096
EXCERPT = 500
# Why no answer came, by code; an attempt keeps the code and the value (``timeout:5``), so that
# staff read the reason in their own language.
MESSAGES = {
    "timeout": _("No answer within %(value)s seconds."),
    "refused": _("The connection was refused."),
    "certificate": _("The server's certificate could not be verified: %(value)s"),
    "network": _("The request failed: %(value)s"),
}


@dataclass(frozen=True)
class Answer:
    code: int | None = None
    excerpt: str = ""
    error: str = ""  # a reason's code and value (MESSAGES), when no answer came
    duration_ms: int = 0

    @property
    def ok(self):
        return self.code is not None and 200 <= self.code < 300


def _connect(addresses, address, timeout=None, source_address=None, **kwargs):
    """``socket.create_connection`` to each checked address in turn, on ``address``'s port."""
    _host, port = address
    error = OSError("no address")
    for ip in addresses:
        try:
            return socket.create_connection((ip, port), timeout, source_address)
        except OSError as refused:
            error = refused
    raise error


def _reason(error, timeout):
    """What an attempt keeps of a network error: its code and value."""
    if isinstance(error, TimeoutError):
        return f"timeout:{timeout:g}"
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificate:{error.verify_message}"
    return f"network:{type(error).__name__}: {error}"


def excerpt(data):
    return data.decode("utf-8", "replace")[:EXCERPT]


def post(target, body, headers, timeout=None):
    """POSTs ``body`` (bytes) to ``target`` and returns the ``Answer``; never raises for what
    the network or the endpoint does."""
    timeout = timeout or TIMEOUT
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)
    # http.client opens its socket through this attribute: pointing it at the checked
    # addresses keeps the host name for the Host header, SNI and the certificate check.
    connection._create_connection = partial(_connect, target.addresses)
    started = time.monotonic()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read(READ_AT_MOST)
        answer = {"code": response.status, "excerpt": excerpt(data)}
    except (OSError, http.client.HTTPException) as error:
        answer = {"error": _reason(error, timeout)[:300]}
    finally:
        connection.close()
    return Answer(duration_ms=int((time.monotonic() - started) * 1000), **answer)
