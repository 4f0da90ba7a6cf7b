"""Shared fixtures: a site laid out as the demo lays it out (home, events index, about, in
Arabic and English), built through the same loader the demo uses."""

import pytest
from django.core.management import call_command

from tests.snapshots import SNAPSHOTS, delete_rows_sql_flush


def pytest_collection_modifyitems(items):
    """A test's demo content is set up before its other fixtures: a copy of the content is only
    restored while nothing else has been written in the test (tests/snapshots.py), and a
    fixture that signs someone in first would otherwise make every such test build it again."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is not None and "demo_snapshots" in info.names_closure:
            info.names_closure[:] = content_first(info)


def content_first(info):
    """The fixtures the test asks for, those that load demo content ahead of the rest (after
    the ones every test uses), nearest to the content first: the site before the event built
    on it, the event before the registration settings written for it. Stable: the same order
    again for every parametrised copy of the test, which share it."""
    names = info.names_closure
    distance = {"demo_snapshots": 0}

    def reach(name, visiting=()):
        if name not in distance:
            defs = info.name2fixturedefs.get(name)
            if not defs or name in visiting:
                return None
            steps = [reach(arg, (*visiting, name)) for arg in defs[-1].argnames]
            steps = [step for step in steps if step is not None]
            distance[name] = min(steps) + 1 if steps else None
        return distance[name]

    always = [n for n in names if n in info.initialnames and n not in info.argnames]
    loading = sorted(
        (n for n in names if n not in always and reach(n) is not None),
        key=lambda n: (distance[n], names.index(n)),
    )
    return always + loading + [n for n in names if n not in always and n not in loading]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    SNAPSHOTS.begin_test()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        SNAPSHOTS.end_test()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the tests' commits do not wait for the disk: a test database is thrown
    away, so durability buys nothing, and the committing tests (browser journeys, concurrency)
    spend much of their time on it."""
    from django.conf import settings

    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database is created during the first database test's set-up: its writes are no
    reason for that test not to save the demo content it builds."""
    SNAPSHOTS.begin_test()


@pytest.fixture(scope="session", autouse=True)
def flush_by_deleting_rows():
    """The tests that commit are followed by a flush: on PostgreSQL it deletes the rows that
    are there instead of truncating every table (tests/snapshots.py)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = delete_rows_sql_flush(original)
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def static_files_listed_once():
    """Every new test client loads the middleware again, and WhiteNoise then lists every static
    file of every app through the finders (the demo serves them so, uncollected): a twentieth
    of the suite's time. The files do not change while the tests run, so each process lists
    them once for a given configuration and hands the same entries to every later client."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    original = WhiteNoiseMiddleware.add_files_from_finders
    listed = {}

    def add_files_from_finders(self):
        key = (
            self.static_prefix,
            settings.DEBUG,
            repr(settings.STORAGES.get("staticfiles")),
            tuple(map(str, settings.STATICFILES_DIRS)),
            tuple(settings.STATICFILES_FINDERS),
            tuple(settings.INSTALLED_APPS),
            repr([(name, getattr(settings, name)) for name in sorted(dir(settings)) if name.startswith("WHITENOISE_")]),
        )
        if key not in listed:
            before = dict(self.files)
            original(self)
            listed[key] = {url: entry for url, entry in self.files.items() if before.get(url) is not entry}
        self.files.update(listed[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = original


@pytest.fixture(autouse=True)
def second_factor(request, settings):
    """Staff sign in with a second factor (home/second_factor.py), which the tests of that rule
    (marked ``second_factor``) and the journeys through it check. The others sign staff in
    with ``force_login`` and test what comes after, so the rule is off for them."""
    settings.STAFF_SECOND_FACTOR = request.node.get_closest_marker("second_factor") is not None


@pytest.fixture
def no_remembered_renditions():
    """Wagtail remembers renditions in the default cache by picture id, and ids come back
    after a test's rollback: a test of pictures starts with nothing remembered
    (``pytestmark = [..., pytest.mark.usefixtures("no_remembered_renditions")]``)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def authenticator_clock(monkeypatch):
    """Authenticator apps and the site stay in the half-minute the test began in: the site
    accepts only the current half-minute's code (an earlier one could be used a second time),
    so a code read just before it changes would be refused when the form arrives. With the
    clock held, a test reads the code (``home.second_factor.current_code``) and sends it
    whenever it likes, instead of waiting for a fresh half-minute."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal import auth

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    tolerance = app_settings.TOTP_TOLERANCE
    held = range(counter - tolerance, counter + tolerance + 1)
    monkeypatch.setattr(auth, "yield_hotp_counters_from_time", lambda: iter(held))
    return counter


@pytest.fixture(autouse=True)
def page_cache(request, settings):
    """Anonymous visitors' public pages come from a shared cache (core/pagecache.py): on for its
    tests (marked ``page_cache``), each with a new generation; off for the others, which change
    records and read pages again in one transaction, where no change is announced."""
    marked = request.node.get_closest_marker("page_cache") is not None
    settings.PAGE_CACHE_SECONDS = 60 if marked else 0
    if marked:
        from core import pagecache

        pagecache.store().clear()


@pytest.fixture(autouse=True)
def signup_bot_check(request, settings):
    """Sign-up turns away forms sent faster than a person types (home.accounts.SignupForm):
    on for the browser journeys, which sign up at a person's pace, and for the tests of that
    check (marked ``bot_check``); the other tests post the form at once."""
    node = request.node
    settings.SIGNUP_BOT_CHECK = any(node.get_closest_marker(name) for name in ("bot_check", "browser"))


@pytest.fixture(scope="session")
def demo_snapshots():
    """Demo content built once per session and restored in the tests that commit
    (tests/snapshots.py): ``demo_snapshots.load("events", lambda: events.load(log))``."""
    return SNAPSHOTS


@pytest.fixture
def demo_site(db, demo_snapshots):
    """Home, events index and about page in both languages, as `make demo` creates them."""
    from fixtures import site
    from home.models import HomePage

    demo_snapshots.load("site", lambda: site.load(lambda message: None))
    return {
        "ar": HomePage.objects.get(locale__language_code="ar"),
        "en": HomePage.objects.get(locale__language_code="en"),
    }


@pytest.fixture
def search_index(db):
    """Rebuilds Wagtail's search index after a test has created its pages."""

    def rebuild():
        call_command("update_index", verbosity=0)

    return rebuild


@pytest.fixture
def quiet_refusals():
    """Thousands of 404s and 405s are expected (the authorization matrix, the URL fuzzer):
    only server errors are logged."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def templates_without_contexts(monkeypatch):
    """The test client keeps the templates an answer rendered (to tell the site's not-found
    page) but not a copy of every context: a fifth of an admin page's time, for the tests that
    send thousands of requests and read no context."""
    from django.test import client as test_client

    def store_rendered_templates(store, signal, sender, template, context, **kwargs):
        store.setdefault("templates", []).append(template)

    monkeypatch.setattr(test_client, "store_rendered_templates", store_rendered_templates)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language, whatever the previous one left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Passwords in tests are hashed with a fast hasher; the real one takes most of a second
    by design, which would dominate every test that signs someone up or in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def rate_limits_in_one_window(monkeypatch):
    """core.limits counts attempts in fixed windows (a minute, an hour, a day): a test that
    made its attempts across a window's turn would find the count started afresh halfway. In
    a test its clock stays at the start of the current day, where every window begins."""
    import time
    from types import SimpleNamespace

    from core import limits

    day_start = time.time() // 86400 * 86400
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: day_start))
