"""Abuse: sign-up turns bots away without a third-party captcha (home.accounts.SignupForm),
and the limits of core.limits hold across app servers because they are counted in the
shared cache (Redis), not in a process."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from home.accounts import signup_stamp
from tests.factories.accounts import PASSWORD
from tests.redis_server import needs_redis

ROOT = Path(__file__).resolve().parents[2]
REFUSED_EN = "The form was not sent properly. Check the fields and send it again."
REFUSED_AR = "لم يُرسَل النموذج كما ينبغي. راجع الحقول ثم أرسله مرة أخرى."

pytestmark = [pytest.mark.django_db, pytest.mark.bot_check]


def stamp(seconds_ago):
    return signup_stamp(time.time() - seconds_ago)


def sign_up(client, email, language="en", **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "shown_at": stamp(5), "website": ""}
    data.update(extra)
    return client.post(f"/{language}/accounts/signup/", data)


def accounts(email):
    return get_user_model().objects.filter(email=email).count()


def test_a_person_who_took_a_few_seconds_signs_up(client, demo_site):
    response = sign_up(client, "amal@example.org")
    assert response.status_code == 302 and response["Location"] == "/en/accounts/confirm-email/"
    assert accounts("amal@example.org") == 1


@pytest.mark.parametrize(
    "sent",
    [
        {"shown_at": 0},  # sent the moment the form was shown
        {"shown_at": ""},  # a form posted without ever being shown
        {"shown_at": "1700000000:forged:signature"},
        {"shown_at": 3 * 24 * 3600},  # an old copy replayed
        {"website": "https://spam.example"},  # the field people never see, filled
    ],
    ids=["too-fast", "never-shown", "forged", "stale", "trap-filled"],
)
def test_a_bot_is_told_the_form_was_not_sent_properly_and_nothing_is_created(client, demo_site, sent):
    if isinstance(sent.get("shown_at"), int):  # seconds ago, stamped now
        sent = {**sent, "shown_at": stamp(sent["shown_at"])}
    response = sign_up(client, "bot@example.org", **sent)
    assert response.status_code == 200 and REFUSED_EN in response.content.decode()
    assert accounts("bot@example.org") == 0
    # The form shown again carries a fresh stamp, so a person who was refused sends it again.
    assert 'name="shown_at" value="' in response.content.decode()


def test_the_refusal_speaks_arabic_and_the_trap_is_hidden_from_people(client, demo_site):
    form = client.get("/ar/accounts/signup/").content.decode()
    assert 'class="field field-trap" aria-hidden="true"' in form and 'tabindex="-1"' in form
    response = sign_up(client, "bot@example.org", language="ar", shown_at=stamp(0))
    assert REFUSED_AR in response.content.decode()


ONE_SERVER = """
import django, sys
django.setup()
from django.test import RequestFactory
from core import limits
request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.23")
passed = 0
for _ in range(int(sys.argv[1])):
    try:
        limits.consume(request, "certificate_verify")
        passed += 1
    except limits.TooManyAttempts:
        pass
print(passed)
"""


@needs_redis
def test_a_limit_holds_across_two_app_servers_sharing_redis(tmp_path):
    """Two processes, as two app servers, with the same REDIS_URL: the second finds the
    allowance the first used up (5 a minute from one address)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL"}},
        "VAR_DIR": str(tmp_path),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
        "DJANGO_SETTINGS_MODULE": "settings",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "RATE_LIMITS": '{"certificate_verify": "5/m/ip"}',
    }

    def server(attempts):
        run = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", ONE_SERVER, str(attempts)], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return int(run.stdout.strip().splitlines()[-1])

    # (A minute's window may turn between the two; then the second starts afresh: try again,
    # with counters of its own, since the first try's are still counted in the new window.)
    for _attempt in range(3):
        env["CACHE_KEY_PREFIX"] = f"limits-test-{uuid.uuid4().hex}"
        first, second = server(3), server(3)
        if (first, second) == (3, 2):
            break
    assert (first, second) == (3, 2)
