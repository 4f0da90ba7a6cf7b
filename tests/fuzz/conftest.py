"""Fuzz tests: Hypothesis settings, the people and the event every target is fuzzed against,
and the table of examples each target ran, printed at the end of the session and written to
test-artifacts/fuzz-<database>.txt.

The "fuzz" profile is deterministic (``derandomize``: the same examples on every run, on
SQLite and PostgreSQL alike), keeps no example database and writes its caches under the
temporary folder, so nothing is added to the checkout. Its example counts keep this folder
under a minute on one core; ``FUZZ_EXAMPLES=500`` runs every target 500 times locally.
"""

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

from tests.fuzz.hostile import OUTCOMES, RUNS, SECONDS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "multaqa-hypothesis")
settings.register_profile(
    "fuzz",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    # Every example is a request or a file through the site (slow by Hypothesis' measure),
    # with the test's fixtures shared across examples on purpose: each example runs in a
    # savepoint rolled back at its end (tests/fuzz/hostile.py).
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.load_profile("fuzz")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files kept between an import's steps go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """The limits on signing in and up (allauth's) and on registering, the desk and the
    certificate verification (core/limits.py) would answer most examples with "too many
    attempts" before their input reached a form."""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.RATE_LIMITS = {}


@pytest.fixture
def fuzz_client(client):
    """The test client, answering a view's exception with the 500 page a visitor would get
    instead of raising it."""
    client.raise_request_exception = False
    return client


def _build_world():
    """The ids of what ``world`` returns (tests/snapshots.py keeps ids, not model instances)."""
    import datetime as dt

    from django.utils import timezone

    from events.attendance.models import Certificate
    from events.attendance.services.certificates import new_code
    from tests.factories.attendance import desk_staff
    from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory
    from tests.factories.registrations import (
        RegistrationFactory,
        SettingsFactory,
        add_questions,
        event_page,
        organiser,
        participant,
    )

    start = (timezone.now() + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)
    event = event_page(start=start, end=start + dt.timedelta(days=1, hours=8))
    registration_settings = SettingsFactory(event=event, capacity=8)
    add_questions(registration_settings)
    organisation = OrganisationFactory(name="Tammuz Organisation", name_ar="منظمة تموز")
    registrations = []
    for name, name_ar in [("Basim Kadhim", "بسام كاظم"), ("Amna Jasim", "آمنة جاسم"), ("John Smith", "")]:
        person = PersonFactory(participant=True, name=name, name_ar=name_ar)
        AffiliationFactory(person=person, organisation=organisation)
        registrations.append(RegistrationFactory(event=event, person=person).pk)
    certificate = Certificate.objects.create(
        registration_id=registrations[0], code=new_code(), issued_at=timezone.now()
    )
    user, person = participant(name="Zainab Ali", name_ar="زينب علي")
    return {
        "event": event.pk,
        "settings": registration_settings.pk,
        "registrations": registrations,
        "certificate": certificate.pk,
        "participant": user.pk,
        "person": person.pk,
        "organiser": organiser(edit_pages_under=event.get_parent()).pk,
        "desk": desk_staff(event).pk,
        "organisation": organisation.pk,
    }


@pytest.fixture
def world(demo_site, demo_snapshots):
    """An upcoming two-day event that takes registrations, asks one question of every kind and
    has three confirmed participants (one with a certificate); a verified participant not yet
    registered; an organiser of the event and a member of its desk. Built once per session and
    copied back after that."""
    from django.contrib.auth import get_user_model

    from events.attendance.models import Certificate
    from events.models import EventPage
    from events.registrations.models import Registration, RegistrationSettings
    from network.models import Organisation, Person

    ids = demo_snapshots.load("fuzz-world", _build_world)
    users = get_user_model().objects.in_bulk([ids["participant"], ids["organiser"], ids["desk"]])
    registration_settings = RegistrationSettings.objects.get(pk=ids["settings"])
    registrations = Registration.objects.in_bulk(ids["registrations"])
    return {
        "event": EventPage.objects.get(pk=ids["event"]),
        "settings": registration_settings,
        "questions": list(registration_settings.questions.order_by("sort_order", "pk")),
        "registrations": [registrations[pk] for pk in ids["registrations"]],
        "certificate": Certificate.objects.get(pk=ids["certificate"]),
        "participant": users[ids["participant"]],
        "person": Person.objects.get(pk=ids["person"]),
        "organiser": users[ids["organiser"]],
        "desk": users[ids["desk"]],
        "organisation": Organisation.objects.get(pk=ids["organisation"]),
    }


def pytest_terminal_summary(terminalreporter):
    if not RUNS:
        return
    from django.db import connection

    width = max(len(target) for target in RUNS)
    lines = [f"{'target':<{width}}  examples  seconds  outcomes"]
    for target in sorted(RUNS):
        outcomes = ", ".join(f"{name} {count}" for (of, name), count in sorted(OUTCOMES.items()) if of == target)
        lines.append(f"{target:<{width}}  {RUNS[target]:>8}  {SECONDS[target]:>7.1f}  {outcomes}")
    lines.append(f"{'total':<{width}}  {sum(RUNS.values()):>8}  {sum(SECONDS.values()):>7.1f}")
    terminalreporter.write_sep("-", f"fuzz examples per target ({connection.vendor})")
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"fuzz-{connection.vendor}.txt").write_text("\n".join(lines) + "\n")
