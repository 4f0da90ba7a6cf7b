"""Every URL of the site, filled with hostile input, answers without a server error.

The URL patterns are collected from the resolver (the public pages in both languages, the
accounts, the directory, registration and tickets, the Wagtail admin with the directory's and
the registrations' staff URLs, documents and media) and Wagtail page paths from the page tree.
Each parameter is filled with a NUL character, an integer too large for any database, a
5,000-character segment and a right-to-left override, one parameter at a time and all at
once; every URL is requested as an anonymous visitor and as a superuser, and the public ones
also as a participant with a registration. Pages without
parameters are requested with those values in their query string (search and filters). Runs
on whatever database DATABASE_URL names; the number of requests is printed and written to
test-artifacts/url-fuzz-<database>-<who>.txt."""

import urllib.parse
from pathlib import Path

import pytest
from django.db import connection
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.factories.network import AffiliationFactory, OrganisationFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, participant
from tests.url_patterns import chains, fill, slots

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "nul": "a\x00b",
    "huge-int": "9" * 25,
    "long": "x" * 5000,
    "rlo": "\u202egpj.exe",
}
QUERY_KEYS = ["q", "page", "p", "sort", "ordering", "event", "status", "kind", "network", "organisation", "locale"]
LANGUAGES = ["ar", "en"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def site_data(demo_site):
    """An event that takes registrations, with a registration, and a directory entry, so that
    parameters filled with real values lead somewhere."""
    event = event_page()
    SettingsFactory(event=event, capacity=10)
    user, person = participant()
    registration = RegistrationFactory(event=event, person=person)
    AffiliationFactory(person=person, organisation=OrganisationFactory(slug="civic-fuzz"))
    return {
        "int": str(event.pk),
        "str": registration.reference,
        "slug": "civic-fuzz",
        "path": "x",
        "regex": "x",
        "participant": user,
    }


def urls_to_try(site_data):
    urls = set()
    # Patterns outside the language prefix are the same in both languages: tried once.
    for language, chain, _pattern in chains(LANGUAGES):
        urls |= pattern_urls(slots(chain, language), site_data)
    return sorted(urls | page_urls())


def with_hostile_queries(url):
    """``url`` with each payload in every query parameter pages commonly read."""
    return {url + "?" + urllib.parse.urlencode(dict.fromkeys(QUERY_KEYS, payload)) for payload in PAYLOADS.values()}


def pattern_urls(parts, site_data):
    """A pattern without parameters with hostile query strings; one with parameters with
    each payload in all of them at once and, when there are several, in each one alone while
    the others hold real values."""
    holes = [index for index, part in enumerate(parts) if not isinstance(part, str)]
    if not holes:
        return with_hostile_queries(fill(parts, None))
    urls = set()
    for payload in PAYLOADS.values():
        urls.add(fill(parts, lambda index, slot, payload=payload: payload))
        if len(holes) > 1:
            urls |= {fill(parts, hostile_only_at(hole, payload, site_data)) for hole in holes}
    return urls


def hostile_only_at(hole, payload, site_data):
    """Slot values: ``payload`` in slot ``hole``, real values from ``site_data`` elsewhere."""

    def values(index, slot):
        return payload if index == hole else site_data.get(slot[0], site_data["str"])

    return values


def page_urls():
    """Every Wagtail page with each payload as a child segment and in its query string."""
    from wagtail.models import Page

    urls = set()
    for page in Page.objects.filter(depth__gt=1):
        url = page.url or ""
        urls |= {url + urllib.parse.quote(payload) + "/" for payload in PAYLOADS.values()}
        urls |= with_hostile_queries(url)
    return urls


# Wagtail's page for checking that server errors are reported: it fails on purpose.
DELIBERATE_ERRORS = ("/admin/failwhale/",)


# Who asks: each a test of its own, so that the test processes share them out.
ASKERS = ["anonymous", "superuser", "participant"]


@pytest.mark.parametrize("who", ASKERS)
def test_no_url_answers_hostile_input_with_a_server_error(
    client, admin_user, site_data, settings, tmp_path, record_property, who, templates_without_contexts, quiet_refusals
):
    settings.MEDIA_ROOT = tmp_path
    client.raise_request_exception = False
    urls = [url for url in urls_to_try(site_data) if not url.startswith(DELIBERATE_ERRORS)]
    assert len(urls) > 2000  # every pattern and page, each with every hostile value
    user = {"anonymous": None, "superuser": admin_user, "participant": site_data["participant"]}[who]
    if who == "participant":
        urls = [url for url in urls if url.split("/")[1] in LANGUAGES]
    failures, resolved, requests = [], 0, 0
    signed_in = False
    for url in urls:
        if user is not None and not signed_in:
            client.force_login(user)
            signed_in = True
        try:
            resolve(urllib.parse.unquote(url.split("?")[0]))
            resolved += 1
        except Resolver404:
            pass
        response = client.get(url)
        requests += 1
        # Some addresses (signing out) end the session: a new session cookie says so.
        signed_in = settings.SESSION_COOKIE_NAME not in response.cookies
        if response.status_code >= 500:
            failures.append(f"{who} {response.status_code} {url[:160]}")
    summary = (
        f"{who}: {requests} requests on {connection.vendor} "
        f"({resolved} of them matching a pattern), {len(failures)} server errors"
    )
    print("\n" + summary)
    record_property("requests", requests)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = f"url-fuzz-{connection.vendor}-{who}.txt"
    (ARTIFACTS / name).write_text(summary + "\n" + "\n".join(failures) + "\n")
    assert requests == len(urls) > 300
    assert not failures, "\n".join(failures[:60])
