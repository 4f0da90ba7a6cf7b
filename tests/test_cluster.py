"""Several app servers: two gunicorn servers on their own ports, one PostgreSQL database and one
Redis, as a load balancer would spread visitors over them.

A registration rush, sent by threads to the two servers in turn, each as its own signed-in
participant: the event's seats are filled exactly and its waiting list numbered 1..n without a
gap or a repeat. An event page cached by one server for anonymous visitors is renewed when
someone registers through the other. A rate limit used up through one server is refused by the
other. A session ended through one server is ended on the other (sessions live in the shared
cache). The servers keep their cache, sessions and limits in Redis, under their own prefix.

PostgreSQL only: SQLite's file is for one machine (CI's second leg runs this on PostgreSQL).
The servers read the test database, whose rows the test commits (``transaction=True``).
"""

import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import translation

from core.limits import TooManyAttempts
from events.registrations.models import Registration, RegistrationStatus
from tests.events.registrations.test_concurrency import post_at_once, signed_form_key
from tests.factories.registrations import SettingsFactory, english_of, participant
from tests.redis_server import ADDRESS, redis_reachable
from tests.test_s3 import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
REDIS = ADDRESS
REDIS_DB = 12  # the cluster test's own; the bench uses 15
PEOPLE = 30
SEATS = 10
VERIFICATIONS = 3  # a low limit for the certificate verification page, to see it shared

# Two workers of four threads each; the site is loaded once and the workers forked from it,
# which halves the start-up on a busy machine.
GUNICORN = ["--workers", "2", "--threads", "4", "--preload", "--graceful-timeout", "2", "--no-control-socket"]


pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share one PostgreSQL database: run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.skipif(
        not redis_reachable(), reason="several app servers share one Redis: none answers on 127.0.0.1:6379"
    ),
    pytest.mark.django_db(transaction=True),
]


def database_url():
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """One gunicorn app server on 127.0.0.1, spoken to with plain HTTP (no redirects followed)."""

    def __init__(self, env, log):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - the virtualenv's own gunicorn
            [sys.executable, "-m", "gunicorn", "--pythonpath", "site", "wsgi:application", *GUNICORN]
            + ["--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def request(self, method, path, cookies=None, data=None, headers=False):
        csrf = secrets.token_hex(16)  # a token of 32 characters, sent as cookie and as field
        sent = {}
        if cookies:  # an anonymous visitor sends no cookie (the page cache shares their pages)
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in {**cookies, "csrftoken": csrf}.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf})
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=sent)
            answer = conn.getresponse()
            outcome = (answer.status, answer.getheader("Location") or "", answer.read().decode())
            return (*outcome, dict(answer.getheaders())) if headers else outcome
        finally:
            conn.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def cluster(demo_site, tmp_path):
    prefix = f"cluster-{uuid.uuid4().hex}"
    chosen = {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "RATE_LIMITS", "MEDIA_S3_BUCKET", "SEARCH_URL"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in chosen},
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": django_settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "VAR_DIR": str(tmp_path),
        "STAFF_SECOND_FACTOR": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # The rush comes from one address: its limit is lifted; the verification page keeps a
        # low one, to be used up through one server and refused by the other.
        "RATE_LIMITS": json.dumps({"register": "", "certificate_verify": f"{VERIFICATIONS}/d/ip"}),
    }
    servers = [Server(env, tmp_path / f"server-{name}.log") for name in "ab"]
    try:
        for server in servers:
            try:
                wait_for(f"http://127.0.0.1:{server.port}/healthz", server.process, seconds=60)
            except RuntimeError as error:
                raise AssertionError(f"{error}\n{server.log.read_text()[-3000:]}") from error
        yield servers, prefix
    finally:
        for server in servers:
            server.stop()
        import redis

        store = redis.Redis(*REDIS, db=REDIS_DB)
        for key in store.scan_iter(f"{prefix}*"):  # the cache's keys and the page cache's
            store.delete(key)


def signed_in(user):
    """The session cookie of ``user``, signed in (the session is in the database, which the
    servers read through their shared cache)."""
    client = Client()
    client.force_login(user)
    return {django_settings.SESSION_COOKIE_NAME: client.cookies[django_settings.SESSION_COOKIE_NAME].value}


class Visitor:
    """A signed-in participant on one server, posting as ``post_at_once`` expects a client to."""

    def __init__(self, server, cookies):
        self.server, self.cookies = server, cookies

    def post(self, path, data):
        return self.server.request("POST", path, self.cookies, data)


def test_two_app_servers_share_seats_limits_and_sessions(cluster):
    import redis

    servers, prefix = cluster
    a, b = servers
    registration = SettingsFactory(capacity=SEATS)
    path = f"/ar/registrations/{registration.event_id}/"
    requests, people = [], []
    for _ in range(PEOPLE):
        user, person = participant()
        people.append((user, person))
        data = {"form_key": signed_form_key(registration), "name": person.name, "name_ar": person.name_ar}
        requests.append((signed_in(user), path, data))

    # The event's public page, cached by B for anonymous visitors, is renewed at once when
    # someone registers through A.
    page = urllib.parse.urlsplit(english_of(registration.event).url).path
    assert [b.request("GET", page)[2].count(f"{SEATS} seats left.") for _ in range(2)] == [1, 1]
    assert b.request("GET", page, headers=True)[3].get("X-Page-Cache") == "hit"
    (cookies, _path, data), *requests = requests
    assert a.request("POST", path, cookies, data)[0] == 302
    status, _location, body, headers = b.request("GET", page, headers=True)
    assert f"{SEATS - 1} seats left." in body and headers.get("X-Page-Cache") != "hit"

    # The rush, split across both servers.
    outcomes = post_at_once(
        [(Visitor(servers[i % 2], cookies), url, data) for i, (cookies, url, data) in enumerate(requests)]
    )

    problems = [o for o in outcomes if isinstance(o, Exception) or o[0] != 302]
    assert problems == [], [str(p)[:500] for p in problems]
    assert all(re.fullmatch(r"/ar/my/events/[0-9A-Z]+/", location) for _status, location, _body in outcomes)
    statuses = Counter(Registration.objects.filter(event=registration.event).values_list("status", flat=True))
    assert statuses == {RegistrationStatus.CONFIRMED: SEATS, RegistrationStatus.WAITLISTED: PEOPLE - SEATS}
    assert "seats left." not in a.request("GET", page)[2]
    waiting = Registration.objects.filter(event=registration.event, status=RegistrationStatus.WAITLISTED)
    assert sorted(r.waitlist_position() for r in waiting) == list(range(1, PEOPLE - SEATS + 1))

    # A limit used up through server A is refused by server B.
    answers = [a.request("GET", "/ar/certificates/verify/")[0] for _ in range(VERIFICATIONS)]
    status, _location, body = b.request("GET", "/ar/certificates/verify/")
    assert answers == [200] * VERIFICATIONS
    with translation.override("ar"):
        refused = str(TooManyAttempts().message)
    assert status == 429 and refused in body

    # A session seen by B and then ended through A is ended on B too.
    user, person = people[0]
    cookies = signed_in(user)
    reference = Registration.objects.get(person=person).reference
    status, _location, body = b.request("GET", "/ar/my/events/", cookies)
    assert status == 200 and f"/ar/my/events/{reference}/" in body
    status, location, _body = a.request("POST", "/ar/accounts/logout/", cookies, {})
    assert status == 302
    status, location, _body = b.request("GET", "/ar/my/events/", cookies)
    assert status == 302 and location.startswith("/ar/accounts/login/")

    # What they shared is in Redis, under the servers' own prefix: sessions and limits.
    keys = [key.decode() for key in redis.Redis(*REDIS, db=REDIS_DB).scan_iter(f"{prefix}:*")]
    assert any("django.contrib.sessions.cached_db" in key for key in keys), keys
    assert any(":limit:certificate_verify:" in key for key in keys), keys
