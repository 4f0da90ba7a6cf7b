"""Fixtures for the webhooks: a real receiver on 127.0.0.1 that checks every request's
signature as docs/webhooks.md tells receivers to, events that take registrations, and
organisers who each manage only their own event."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from wagtail.models import GroupPagePermission

from tests.factories.accounts import UserFactory
from tests.factories.registrations import SettingsFactory, event_page
from tests.local_servers import serving
from webhooks.delivery import TARGETS_KEY


def verify(secret, header, body, tolerance=300):
    """The receiver's check, written from docs/webhooks.md, not from webhooks/signing.py."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Receiver:
    """What the test server was sent, and what it answers next: ``answers`` is a list of
    ``(status, delay in seconds)`` used in turn (then 200 at once)."""

    def __init__(self, server):
        self.server = server
        self.secrets = []
        self.requests = []
        self.answers = []
        self.lock = threading.Lock()

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/multaqa"

    def bodies(self):
        return [json.loads(request["body"]) for request in self.requests]

    def kinds(self):
        return sorted(body["kind"] for body in self.bodies())


def _handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            signature = self.headers.get("Multaqa-Signature", "")
            verified = any(verify(secret, signature, body) for secret in receiver.secrets)
            with receiver.lock:
                status, delay = receiver.answers.pop(0) if receiver.answers else (200, 0)
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body, "verified": verified}
                )
            time.sleep(delay)
            if not verified:
                status = 401
            answer = json.dumps({"received": verified, "status": status}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the sender stopped waiting (the timeout test)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver(settings):
    """A webhook receiver on 127.0.0.1, which the site may reach only because the test allows
    private addresses (production refuses them)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    with serving(None) as server:
        found = Receiver(server)
        server.RequestHandlerClass = _handler(found)
        yield found


@pytest.fixture(autouse=True)
def fresh_targets():
    """Each test starts with no cached map of endpoints (rolled-back tests announce no delete)."""
    cache.delete(TARGETS_KEY)
    yield
    cache.delete(TARGETS_KEY)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the announcements, then the deliveries), as a real
    request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def organiser_of(*pages, **user_fields):
    """A staff member who may manage the registrations of ``pages`` (and of no other event):
    a group of their own, as each organisation's organisers have."""
    user = UserFactory(is_staff=True, **user_fields)
    group = Group.objects.create(name=f"Organisers of {user.username}")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["wagtailadmin", "registrations"],
            codename__in=["access_admin", "manage_registrations"],
        )
    )
    for page in pages:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


@pytest.fixture
def event(demo_site, demo_snapshots):
    """An upcoming event taking registrations: ten seats, waiting list on (built once per
    session, copied back after that)."""
    return event_taking_registrations(demo_snapshots, "ورشة الإعلام")


@pytest.fixture
def other_event(demo_site, demo_snapshots):
    return event_taking_registrations(demo_snapshots, "ملتقى الشباب")


def event_taking_registrations(snapshots, title):
    from events.models import EventPage

    def build():
        return SettingsFactory(event=event_page(title=title), capacity=10).event.pk

    return EventPage.objects.get(pk=snapshots.load(f"webhooks-event-{title}", build))


@pytest.fixture
def manager(event):
    return organiser_of(event, first_name="Huda", last_name="Karim")


def in_language(user, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user
