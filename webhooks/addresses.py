"""Where an endpoint may point: an http or https address whose host resolves only to public
internet addresses.

An organiser types the address, and the site's server makes the request: without this rule an
endpoint could make the server call its own loopback, the private network it sits in or a cloud
provider's metadata service (169.254.169.254). So every address the host name resolves to must
be a global one — not loopback, private, shared, link-local, multicast, reserved or
unspecified, nor an IPv6 address that carries one of those (IPv4-mapped, NAT64) or a tunnel's
(6to4, Teredo). The rule is checked when the endpoint is saved and again before every attempt,
as DNS may have changed since; the request then goes to the address that was checked, never to
a second lookup (transport.py), and redirects are not followed.

``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` (False unless set; site/settings.py) lifts the address rule,
for tests and development against a receiver on the same machine. The schemes stay http and
https.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import WebhookError

PORTS = {"http": 80, "https": 443}
# Why an address is refused, by code; ``%(value)s`` is the host or the address concerned. A
# delivery keeps the code and the value (``private_address:10.0.0.1``), so that staff read the
# reason in their own language.
MESSAGES = {
    "port": _("The port number of this address is not valid."),
    "scheme": _("Only http:// and https:// addresses can receive webhooks."),
    "credentials": _(
        "Leave the user name and password out of the address: the signature tells your server who is calling."
    ),
    "no_host": _("This address has no host name."),
    "unresolvable": _("The host name %(value)s could not be found."),
    "private_address": _(
        "This address leads to a private or local network (%(value)s). Webhooks are sent only to public "
        "addresses on the internet."
    ),
}
NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple


class AddressError(WebhookError):
    """A refused address: ``code`` names the reason, ``value`` the host or address concerned."""

    def __init__(self, code, value=""):
        message = MESSAGES[code] % {"value": value} if value else MESSAGES[code]
        super().__init__(message, code)
        self.value = value

    @property
    def stored(self):
        return f"{self.code}:{self.value}" if self.value else self.code


def private_addresses_allowed():
    return settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES


def _parse(url):
    try:
        parts = urlsplit(str(url).strip())
        port = parts.port
    except ValueError as error:
        raise AddressError("port") from error
    scheme = parts.scheme.lower()
    if scheme not in PORTS:
        raise AddressError("scheme")
    if parts.username is not None or parts.password is not None:
        raise AddressError("credentials")
    if not parts.hostname:
        raise AddressError("no_host")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port or PORTS[scheme], path


def resolve(host, port):
    """The addresses ``host`` resolves to, in the resolver's order (tests replace this)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in found))


def is_public(address):
    """Whether ``address`` (an IP address as text) is one on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour is not None or ip.teredo is not None:
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _literal(host):
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


def check(url):
    """The ``Target`` behind ``url``, or an ``AddressError`` saying, in the user's language, why
    no webhook may be sent there: ``port``, ``scheme``, ``credentials``, ``no_host``,
    ``unresolvable`` or ``private_address``."""
    scheme, host, port, path = _parse(url)
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise AddressError("unresolvable", host) from error
    if not addresses:
        raise AddressError("unresolvable", host)
    if not private_addresses_allowed():
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise AddressError("private_address", refused[0])
    return Target(scheme, host, port, path, tuple(addresses))
