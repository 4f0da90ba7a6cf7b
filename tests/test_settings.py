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
    "storage": settings.STORAGES["default"],
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "serve_media": settings.SERVE_MEDIA,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "admin_img_src": settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]["img-src"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
    "proxies": [settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER],
}))
"""


CHOSEN_BY_THE_TESTS = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_URL",
    "SECRET_KEY",
    "SEARCH_URL",
    "STATICFILES_STORAGE",
    "PYTEST_XDIST_WORKER",  # the suite's own worker folder is not what a site's settings choose
}


def load_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k not in CHOSEN_BY_THE_TESTS and not k.startswith("MEDIA_")}
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
    assert config["storage"] == {"BACKEND": "core.storage.MediaStorage"}
    assert config["serve_media"] is True
    assert config["img_src"] == ["'self'", "data:", "blob:"]
    assert config["search"] == {"BACKEND": "wagtail.search.backends.database"}
    assert config["proxies"] == [0, None]


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
        TASKS_BACKEND="core.tasks.DatabaseQueue",
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
    assert config["tasks"] == "core.tasks.DatabaseQueue"


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


def test_media_in_s3_stay_private_and_their_origin_may_show_pictures(tmp_path):
    config = load_settings(
        tmp_path,
        MEDIA_S3_BUCKET="multaqa-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.storage.example.org",
        MEDIA_S3_REGION="eu-central-1",
        STATICFILES_STORAGE="whitenoise.storage.CompressedManifestStaticFilesStorage",
    )
    options = config["storage"]["OPTIONS"]
    assert config["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "multaqa-media",
        "https://s3.storage.example.org",
        "eu-central-1",
    )
    # Every address given out is signed and expires; no object is made public; an upload
    # never replaces another file of the same name.
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 3600)
    assert options["signature_version"] == "s3v4"
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert config["serve_media"] is False
    origins = ["https://s3.storage.example.org", "https://multaqa-media.s3.storage.example.org"]
    assert config["img_src"] == ["'self'", "data:", "blob:", *origins]
    assert config["admin_img_src"] == config["img_src"]
    # Static files hashed and compressed, served by WhiteNoise (tests/test_s3.py collects them).
    assert config["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_media_in_amazon_s3_are_shown_from_the_buckets_own_addresses(tmp_path):
    config = load_settings(
        tmp_path, MEDIA_S3_BUCKET="multaqa-media", MEDIA_S3_REGION="me-south-1", MEDIA_S3_URL_SECONDS="600"
    )
    assert config["storage"]["OPTIONS"]["endpoint_url"] is None
    assert config["storage"]["OPTIONS"]["querystring_expire"] == 600
    assert config["img_src"][3:] == [
        "https://multaqa-media.s3.amazonaws.com",
        "https://multaqa-media.s3.me-south-1.amazonaws.com",
    ]


def test_search_moves_to_opensearch_from_the_environment(tmp_path):
    config = load_settings(tmp_path, SEARCH_URL="opensearch+https://multaqa:pw@search.internal:9200")
    assert config["search"] == {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": ["https://multaqa:pw@search.internal:9200"],
        "INDEX_PREFIX": "multaqa_",
        "TIMEOUT": 10,
    }


@pytest.mark.parametrize(
    ("url", "backend", "urls"),
    [
        ("opensearch://search.internal:9200", "opensearch3", ["http://search.internal:9200"]),
        (
            "opensearch2+https://multaqa:pw@search.internal:9200",
            "opensearch2",
            ["https://multaqa:pw@search.internal:9200"],
        ),
        (
            "elasticsearch8://es1:9200, elasticsearch8://es2:9200",
            "elasticsearch8",
            ["http://es1:9200", "http://es2:9200"],
        ),
        ("elasticsearch+https://es.example.org/prefix", "elasticsearch9", ["https://es.example.org/prefix"]),
    ],
)
def test_search_servers_are_named_by_the_addresses_scheme(url, backend, urls):
    import settings

    assert settings.search_backend(url)["BACKEND"] == f"wagtail.search.backends.{backend}"
    assert settings.search_backend(url)["URLS"] == urls


@pytest.mark.parametrize(
    "url", ["solr://search.internal:8983", "opensearch+ftp://x:9200", "opensearch://a,elasticsearch8://b"]
)
def test_an_unknown_search_server_stops_the_site_at_start_up(url):
    import settings

    with pytest.raises(ValueError, match="SEARCH_URL: use one of opensearch"):
        settings.search_backend(url)


def test_behind_a_proxy_the_visitors_address_counts_for_the_limits(tmp_path, settings):
    from django.test import RequestFactory

    from core.limits import client_address

    assert load_settings(tmp_path, TRUSTED_PROXY_COUNT="1")["proxies"] == [1, None]
    assert load_settings(tmp_path, TRUSTED_CLIENT_IP_HEADER="X-Real-IP")["proxies"] == [0, "X-Real-IP"]
    # nginx appends the address it saw; what the visitor wrote before it is not believed.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert client_address(request) == "10.0.0.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = 0, "X-Real-IP"
    assert (
        client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"
    )
