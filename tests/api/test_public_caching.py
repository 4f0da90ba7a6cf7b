"""The public API from the site's page cache: ETag and Last-Modified answered with a 304, one
entry per address and language, a publish or a withdrawn consent shown at once, and headers
that let any other site read the answers."""

import pytest
from django.utils.http import http_date

from core import pagecache
from tests.api import public_world as world

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]

public_world = world.public_world  # the fixture these tests use
EVENTS = "/api/v1/events?lang=en"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a block announces after its commit (the cache's new generation), as outside a test."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_a_repeated_question_is_answered_from_the_cache_or_with_a_304(public_world, client, django_assert_num_queries):
    first = client.get(EVENTS)
    assert first.status_code == 200 and first[pagecache.HEADER] == "miss"
    assert first["ETag"] and first["Last-Modified"] and first["Cache-Control"] == "max-age=0, must-revalidate"
    with django_assert_num_queries(0):
        again = client.get(EVENTS)
    assert again[pagecache.HEADER] == "hit" and again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert again["Content-Type"].startswith("application/json") and again["Content-Language"] == "en"
    with django_assert_num_queries(0):
        unchanged = client.get(EVENTS, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == first["ETag"]
    not_since = client.get(EVENTS, headers={"If-Modified-Since": first["Last-Modified"]})
    assert not_since.status_code == 304 and not_since.content == b""
    older = client.get(EVENTS, headers={"If-Modified-Since": http_date(0)})
    assert older.status_code == 200 and older.content == first.content
    assert client.get(EVENTS, headers={"If-None-Match": '"other"'}).content == first.content


def test_every_answer_may_be_read_by_other_sites_without_credentials(public_world, client):
    forum = public_world["forum"]
    for url, status in (
        (EVENTS, 200),
        (EVENTS, 200),  # from the cache
        (f"/api/v1/events/{forum.pk}", 200),
        ("/api/v1/people/layla", 200),
        ("/api/v1/events?limit=1000", 422),
        ("/api/v1/events/424242", 404),
    ):
        response = client.get(url, headers={"Origin": "https://partner.example.org"})
        assert response.status_code == status
        assert response["Access-Control-Allow-Origin"] == "*" and "ETag" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response and not response.cookies


def test_a_publish_shows_at_once(public_world, client, committed):
    old = client.get(EVENTS)
    assert "Dialogue Forum" in old.content.decode()
    english = public_world["forum_en"]
    english.title = "Dialogue Forum 2030"
    with committed():
        english.save_revision().publish()
    new = client.get(EVENTS, headers={"If-None-Match": old["ETag"]})
    assert new.status_code == 200 and new[pagecache.HEADER] == "miss"
    assert new.json()["items"][0]["title"] == "Dialogue Forum 2030" and new["ETag"] != old["ETag"]
    detail = client.get(f"/api/v1/events/{english.pk}?lang=en").json()
    assert detail["title"] == "Dialogue Forum 2030"
    with committed():
        public_world["workshop"].unpublish()
    assert [item["title"] for item in client.get(EVENTS).json()["items"]] == ["Dialogue Forum 2030"]


def test_a_withdrawn_consent_takes_the_person_away_at_once(public_world, client, committed):
    assert client.get("/api/v1/people").json()["count"] == 1
    assert client.get("/api/v1/people/layla").status_code == 200
    layla = public_world["layla"]
    with committed():
        layla.public_profile = False
        layla.save()
    assert client.get("/api/v1/people").json()["count"] == 0
    assert client.get("/api/v1/people/layla").status_code == 404
    speakers = client.get(f"/api/v1/events/{public_world['forum'].pk}").json()["sessions"][0]["speakers"]
    # Still named as a speaker, as the event page names her, but without her profile.
    assert speakers[0]["profile"] is None and speakers[0]["title"] == ""


def test_each_language_has_its_own_entry(public_world, client):
    english = client.get("/api/v1/events", headers={"Accept-Language": "en"})
    arabic = client.get("/api/v1/events", headers={"Accept-Language": "ar"})
    assert english.json()["items"][0]["title"] == "Dialogue Forum"
    assert arabic.json()["items"][0]["title"] == "منتدى الحوار"
    again = client.get("/api/v1/events", headers={"Accept-Language": "en"})
    assert again[pagecache.HEADER] == "hit" and again.content == english.content
    assert again["Content-Language"] == "en" and "Accept-Language" in again["Vary"]


def test_refusals_are_not_kept(public_world, client):
    for _ in range(2):
        response = client.get("/api/v1/events?kind=party")
        assert response.status_code == 422 and pagecache.HEADER not in response
