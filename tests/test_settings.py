"""Configuration comes from the environment, with safe defaults for the demo."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "options": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "csrf": settings.CSRF_TRUSTED_ORIGINS,
    "email": settings.EMAIL_BACKEND,
    "secret": settings.SECRET_KEY,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "sessions": getattr(settings, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
}))
"""


def load_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "SECRET_KEY"}}
    clean.update({"VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "site"), **env})
    output = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=clean, check=True, cwd=ROOT
    ).stdout
    return json.loads(output)


def test_demo_defaults(tmp_path):
    config = load_settings(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(tmp_path / "multaqa.sqlite3")
    assert config["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["options"]["init_command"]
    assert config["options"]["timeout"] >= 20
    assert config["cache"].endswith("LocMemCache")
    assert config["debug"] is False
    assert config["email"].endswith("console.EmailBackend")
    assert config["tasks"].endswith("ImmediateBackend")
    assert config["sessions"] == "django.contrib.sessions.backends.db"


def test_secret_key_is_generated_once_and_kept_local(tmp_path):
    first = load_settings(tmp_path)["secret"]
    second = load_settings(tmp_path)["secret"]
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").read_text() == first
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_production_variables(tmp_path):
    config = load_settings(
        tmp_path,
        DATABASE_URL="postgres://multaqa:pw@db.internal:5432/multaqa",
        REDIS_URL="redis://cache.internal:6379/0",
        SECRET_KEY="from-the-environment",
        DEBUG="true",
        ALLOWED_HOSTS="multaqa.example.org, www.multaqa.example.org",
        CSRF_TRUSTED_ORIGINS="https://multaqa.example.org",
        EMAIL_HOST="smtp.example.org",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["name"] == "multaqa"
    assert "transaction_mode" not in config["options"]
    assert config["options"] == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "options": "-c lock_timeout=3s",
    }
    assert config["cache"].endswith("RedisCache")
    assert config["cache_location"] == "redis://cache.internal:6379/0"
    assert config["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert config["secret"] == "from-the-environment"
    assert config["debug"] is True
    assert config["hosts"] == ["multaqa.example.org", "www.multaqa.example.org"]
    assert config["csrf"] == ["https://multaqa.example.org"]
    assert config["email"].endswith("smtp.EmailBackend")
    assert config["tasks"] == "django_tasks_db.DatabaseBackend"


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    config = load_settings(
        tmp_path, DATABASE_URL="postgres://multaqa:pw@db.internal:5432/multaqa", DATABASE_PREPARED_STATEMENTS="0"
    )
    assert "server_side_binding" not in config["options"]
    assert "prepare_threshold" not in config["options"]


def test_the_wait_for_a_lock_is_set_from_the_environment(tmp_path):
    config = load_settings(
        tmp_path, DATABASE_URL="postgres://multaqa:pw@db.internal:5432/multaqa", DATABASE_LOCK_TIMEOUT="500ms"
    )
    assert config["options"]["options"] == "-c lock_timeout=500ms"


@pytest.mark.django_db
def test_sqlite_connection_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
