"""The security headers of every kind of page (core.security and the settings): the Content
Security Policy of the public site, the desk and the admin, the Permissions-Policy that lets
only the desk use the camera, no-store for signed-in visitors, and a production configuration
that Django's deployment check finds nothing to say about."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from events.models import EventRole, EventTeamMember
from tests.factories.accounts import UserFactory
from tests.factories.registrations import event_page, participant

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy header as ``{directive: [sources]}``."""
    return {
        name: sources
        for name, *sources in (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    }


@pytest.fixture
def event(demo_site):
    return event_page()


def test_public_pages_allow_no_inline_script_or_style_and_no_framing(client, event):
    for url in ("/en/", event.get_url(), "/en/accounts/login/", "/ar/directory/"):
        response = client.get(url, follow=True)
        rules = policy(response)
        assert rules["script-src"] == ["'self'"]
        assert rules["style-src"] == ["'self'"]
        assert rules["default-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
        assert rules["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY"
        assert rules["form-action"] == ["'self'"] and rules["base-uri"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_anonymous_public_page_may_be_cached_but_a_signed_in_one_may_not(client, event):
    anonymous = client.get("/en/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    user, _person = participant()
    client.force_login(user)
    for url in ("/en/", event.get_url(), "/en/my/events/", "/en/directory/"):
        response = client.get(url, follow=True)
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}, url
        assert "public" not in response["Cache-Control"]


def test_only_the_desk_may_use_the_camera_and_compile_its_decoder(client, event):
    staff = UserFactory()
    EventTeamMember.objects.create(event=event.canonical, user=staff, role=EventRole.DESK)
    client.force_login(staff)
    desk = client.get(f"/en/desk/{event.canonical.pk}/")
    assert desk.status_code == 200 and "Check-in desk" in desk.content.decode()
    assert "camera=(self)" in desk["Permissions-Policy"] and "microphone=()" in desk["Permissions-Policy"]
    assert policy(desk)["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "no-store" in desk["Cache-Control"]
    elsewhere = client.get("/en/my/events/")
    assert "camera=()" in elsewhere["Permissions-Policy"]
    assert "'wasm-unsafe-eval'" not in policy(elsewhere)["script-src"]


def test_the_admin_allows_wagtails_inline_scripts_but_nothing_from_elsewhere(admin_client):
    response = admin_client.get("/admin/")
    rules = policy(response)
    assert rules["script-src"] == ["'self'", "'unsafe-inline'"]
    assert rules["default-src"] == ["'self'"] and rules["connect-src"] == ["'self'"]
    assert rules["frame-ancestors"] == ["'self'"] and rules["object-src"] == ["'none'"]
    assert not any("http" in source for sources in rules.values() for source in sources)
    assert "no-store" in response["Cache-Control"]


def test_no_template_of_the_site_holds_an_inline_script():
    """What the public policy forbids is not written in the first place: every <script> of the
    project's templates loads a file or carries data (JSON)."""
    script = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
    offenders = []
    for template in ROOT.glob("*/**/templates/**/*.html"):
        if ".venv" in template.parts or "node_modules" in template.parts:
            continue
        for attributes in script.findall(template.read_text()):
            if "src=" not in attributes and "application/json" not in attributes and "ld+json" not in attributes:
                offenders.append(f"{template.relative_to(ROOT)}: <script{attributes}>")
    assert not offenders, offenders


PRODUCTION = {
    "SECRET_KEY": "x" * 60 + "-a-long-random-production-key",
    "ALLOWED_HOSTS": "multaqa.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://multaqa.example.org",
    "BASE_URL": "https://multaqa.example.org",
    "SECURE_SSL": "true",
}


def test_the_documented_production_settings_pass_the_deployment_check(tmp_path):
    readme = (ROOT / "README.md").read_text()
    for name in PRODUCTION:
        assert name in readme
    # (The browser tests' set-up allows async-unsafe calls in this process; production does not.)
    unset = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"VAR_DIR": str(tmp_path), **PRODUCTION})
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
