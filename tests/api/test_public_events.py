"""The public API's events: the index's events and filters, one event with its agenda,
speakers and partners, the language asked for, pages of a list, and refusals."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api import public_world as world
from tests.factories.events import VenueFactory, at, big_event, event_page, image, translate

public_world, public_api = world.public_world, world.public_api  # the fixtures these tests use

pytestmark = pytest.mark.django_db


def titles(answer):
    return [item["title"] for item in answer["items"]]


def test_the_list_gives_each_public_event_once_in_the_language_asked_for(public_world, public_api):
    forum, english, workshop = public_world["forum"], public_world["forum_en"], public_world["workshop"]
    arabic = public_api("events?lang=ar")
    assert arabic["count"] == 2 and titles(arabic) == ["منتدى الحوار", "ورشة البيانات"]
    answer = public_api("events?lang=en")
    # The forum in its English words; the workshop, not translated, in its Arabic ones.
    assert titles(answer) == ["Dialogue Forum", "ورشة البيانات"]
    first, second = answer["items"]
    assert first["id"] == forum.pk and first["language"] == "en" and first["summary"] == "A forum for dialogue"
    assert first["urls"] == {
        "ar": f"http://testserver/ar/events/{forum.slug}/",
        "en": f"http://testserver/en/events/{english.slug}/",
    }
    assert second["id"] == workshop.pk and second["language"] == "ar"
    assert second["urls"] == {"ar": "http://testserver/ar/events/data-workshop/", "en": None}
    assert first["kind"] == {"code": "forum", "label": "Forum"}
    assert first["format"] == {"code": "hybrid", "label": "Hybrid"}
    assert first["start"] == "2030-05-10T09:00:00+03:00" and first["end"] == "2030-05-11T17:00:00+03:00"
    assert first["languages"] == [{"code": "ar", "label": "Arabic"}, {"code": "en", "label": "English"}]
    assert first["venue"]["name"] == "Al-Mansour hall" and first["venue"]["city"] == "Baghdad"
    assert first["venue"]["country"] == {"code": "IQ", "label": "Iraq"}
    assert first["topics"] == [{"slug": "dialogue", "name": "dialogue"}]
    assert arabic["items"][0]["kind"]["label"] == "منتدى" and arabic["items"][0]["venue"]["city"] == "بغداد"


def test_arabic_is_written_as_itself_in_utf8(public_world, client):
    response = client.get("/api/v1/events?lang=ar")
    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("application/json")
    assert '"title": "منتدى الحوار"' in body and "\\u06" not in body


def test_without_lang_the_answer_follows_accept_language(public_world, public_api):
    assert titles(public_api("events", **{"Accept-Language": "en"}))[0] == "Dialogue Forum"
    assert titles(public_api("events", **{"Accept-Language": "ar"}))[0] == "منتدى الحوار"
    # ``lang`` wins over the header.
    assert titles(public_api("events?lang=ar", **{"Accept-Language": "en"}))[0] == "منتدى الحوار"


def test_an_english_id_finds_the_same_event(public_world, public_api):
    forum, english = public_world["forum"], public_world["forum_en"]
    by_english = public_api(f"events/{english.pk}?lang=ar")
    assert by_english["id"] == forum.pk and by_english["title"] == "منتدى الحوار"
    assert public_api(f"events/{forum.pk}?lang=en")["title"] == "Dialogue Forum"


def test_unpublished_and_restricted_events_are_not_there(public_world, public_api):
    from wagtail.models import PageViewRestriction

    workshop = public_world["workshop"]
    PageViewRestriction.objects.create(page=workshop, restriction_type=PageViewRestriction.LOGIN)
    assert titles(public_api("events?lang=en")) == ["Dialogue Forum"]
    assert public_api(f"events/{workshop.pk}", status=404)["code"] == "not_found"
    public_world["forum"].unpublish()
    # The English version alone is public now: it stands for the event.
    answer = public_api("events?lang=ar")
    assert titles(answer) == ["Dialogue Forum"] and answer["items"][0]["id"] == public_world["forum_en"].pk
    assert answer["items"][0]["urls"] == {"ar": None, "en": "http://testserver/en/events/dialogue-forum/"}


def test_one_event_has_its_agenda_speakers_and_partners(public_world, public_api):
    forum = public_world["forum"]
    event = public_api(f"events/{forum.pk}?lang=en")
    assert event["title"] == "Dialogue Forum" and event["calendar"].endswith(".ics")
    (session,) = event["sessions"]
    assert session["title"] == "الافتتاح" and session["kind"] == {"code": "keynote", "label": "Keynote"}
    assert session["start"] == "2030-05-10T09:00:00+03:00" and session["room"] == "Main hall"
    # The moderator the organiser chose not to name is not there.
    assert session["speakers"] == [
        {
            "name": "Layla Hassan",
            "role": {"code": "speaker", "label": "Speaker"},
            "affiliation": "Iraqi Civil Society Forum",
            "title": "Researcher",
            "photo": None,
            "profile": {
                "ar": "http://testserver/ar/directory/people/layla/",
                "en": "http://testserver/en/directory/people/layla/",
            },
        }
    ]
    partners = {partner["name"]: partner for partner in event["partners"]}
    assert [partner["role"]["code"] for partner in event["partners"]] == ["organiser", "partner", "sponsor"]
    assert partners["Iraqi Civil Society Forum"]["organisation"] == public_world["organiser"].pk
    assert partners["Peace Network"]["profile"]["en"] == "http://testserver/en/directory/organisations/peace/"
    # Named on the page, as it is, but without a link to a directory that does not list it.
    assert partners["Unlisted Office"]["organisation"] is None and partners["Unlisted Office"]["profile"] is None


def test_the_speakers_role_is_said_of_a_woman_in_arabic_as_on_her_page(public_world, public_api):
    event = public_api(f"events/{public_world['forum'].pk}?lang=ar")
    speaker = event["sessions"][0]["speakers"][0]
    assert speaker["name"] == "ليلى حسن" and speaker["title"] == "باحثة" and speaker["role"]["code"] == "speaker"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=forum", ["Dialogue Forum"]),
        ("kind=workshop", ["ورشة البيانات"]),
        ("format=in_person", ["ورشة البيانات"]),
        ("city=Baghdad", ["Dialogue Forum"]),
        ("country=IQ", ["Dialogue Forum", "ورشة البيانات"]),
        ("year=2031", ["ورشة البيانات"]),
        ("topic=dialogue", ["Dialogue Forum"]),
        ("date_from=2030-05-11", ["Dialogue Forum", "ورشة البيانات"]),
        ("date_from=2030-05-12", ["ورشة البيانات"]),
        ("date_to=2030-05-10", ["Dialogue Forum"]),
        ("date_to=2030-05-09", []),
        ("date_from=2031-02-01&date_to=2031-02-01", ["ورشة البيانات"]),
        ("organisation=icsf", ["Dialogue Forum"]),
        ("organisation=peace", ["Dialogue Forum", "ورشة البيانات"]),
        ("language=ku", ["ورشة البيانات"]),
        ("language=en", ["Dialogue Forum"]),
        ("language=fr", []),
        ("kind=forum&city=Erbil", []),
        ("format=hybrid&language=ar&organisation=icsf", ["Dialogue Forum"]),
    ],
)
def test_filters(public_world, public_api, query, expected):
    answer = public_api(f"events?lang=en&{query}")
    assert titles(answer) == expected and answer["count"] == len(expected)


def test_an_organisation_filter_takes_an_id(public_world, public_api):
    assert titles(public_api(f"events?lang=en&organisation={public_world['organiser'].pk}")) == ["Dialogue Forum"]


def test_pages_of_the_list_link_to_each_other(public_world, public_api):
    first = public_api("events?lang=en&limit=1&kind=")
    assert first["count"] == 2 and titles(first) == ["Dialogue Forum"] and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/events?lang=en&limit=1&kind=&offset=1"
    second = public_api(first["next"].removeprefix("http://testserver/api/v1/"))
    assert titles(second) == ["ورشة البيانات"] and second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/events?lang=en&limit=1&kind="
    beyond = public_api("events?offset=50&limit=10")
    assert beyond["items"] == [] and beyond["count"] == 2 and beyond["next"] is None
    assert beyond["previous"] == "http://testserver/api/v1/events?limit=10"


NOT_VALID = ("This value is not valid.", "هذه القيمة غير صالحة.")


@pytest.mark.parametrize(
    ("query", "field", "english", "arabic"),
    [
        ("events?kind=party", "kind", "Choose one of: ", "اختر واحدًا مما يلي: "),
        ("events?date_from=2030-13-01", "date_from", *NOT_VALID),
        ("events?date_to=yesterday", "date_to", *NOT_VALID),
        ("events?date_from=0999-01-01", "date_from", "between the years 1900 and 2100", "بين عامَي 1900 و2100"),
        ("events?date_from=2031-01-01&date_to=2030-01-01", "date_to", "The range ends before it starts", "ينتهي"),
        ("events?offset=-1", "offset", "At least 0.", "0 على الأقل."),
        ("events?limit=100000", "limit", "At most 100.", "100 على الأكثر."),
        ("events?limit=0", "limit", "At least 1.", "1 على الأقل."),
        ("events?limit=ten", "limit", "A whole number is needed.", "يلزم عدد صحيح."),
        ("events?city=Atlantis", "city", "Atlantis", "Atlantis"),
        ("events?organisation=unlisted", "organisation", "not in the directory", "غير موجودة في الدليل"),
        ("events?organisation=no%20such", "organisation", *NOT_VALID),
        ("events?language=xx", "language", "Choose one of: ", "اختر واحدًا مما يلي: "),
        ("events?lang=de", "lang", "Choose one of: ", "اختر واحدًا مما يلي: "),
        ("events/abc", "event_id", "A whole number is needed.", "يلزم عدد صحيح."),
        ("events/-3", "event_id", "At least 1.", "1 على الأقل."),
        ("events/99999999999999999999", "event_id", "At most 9223372036854775807.", "على الأكثر"),
    ],
)
def test_bad_values_get_a_clear_refusal_in_the_language_asked_for(public_world, client, query, field, english, arabic):
    summaries = {"en": "Some of what was sent is not valid.", "ar": "بعض ما أُرسل غير صالح."}
    for language, words in (("en", english), ("ar", arabic)):
        response = client.get(f"/api/v1/{query}", headers={"Accept-Language": language})
        assert response.status_code == 422 and response["Content-Type"] == "application/json"
        answer = response.json()
        assert answer["code"] == "invalid" and answer["detail"] == summaries[language]
        assert [error["field"] for error in answer["errors"]] == [field]
        assert words in answer["errors"][0]["message"], (language, answer)
        assert response["Content-Language"] == language
    # ``lang`` chooses the language of the refusal too.
    if "lang=" not in query:
        separator = "&" if "?" in query else "?"
        answer = client.get(f"/api/v1/{query}{separator}lang=ar", headers={"Accept-Language": "en"}).json()
        assert arabic in answer["errors"][0]["message"] and answer["detail"] == summaries["ar"]


def test_an_event_that_is_not_there_is_a_404_in_json(public_world, client):
    for language, words in (("en", "There is no public event with this id."), ("ar", "لا توجد فعالية عامة")):
        response = client.get("/api/v1/events/987654", headers={"Accept-Language": language})
        assert response.status_code == 404, response.get("Location")
        assert response.json()["code"] == "not_found" and words in response.json()["detail"]


def _events(number, events_index):
    """``number`` events with a venue, an image, topics, sessions with speakers and partners,
    every other one translated."""
    from tests.factories.network import OrganisationFactory, PersonFactory

    speaker, organisation = PersonFactory(), OrganisationFactory()
    venue = VenueFactory()
    picture = image("card")
    for n in range(number):
        page = event_page(
            events_index,
            venue=venue,
            image=picture,
            start=at(2030, 1, 1 + n % 28, 9),
            end=at(2030, 1, 1 + n % 28, 17),
            tags=[f"topic-{n % 3}"],
            languages=["ar"],
            partners=[(organisation, "organiser")],
            sessions=[
                {
                    "title": "Talk",
                    "start": at(2030, 1, 1 + n % 28, 9),
                    "end": at(2030, 1, 1 + n % 28, 10),
                    "speakers": [{"person": speaker}],
                }
            ],
        )
        if n % 2:
            translate(page, title=f"Event {n} in English")


@pytest.mark.parametrize("number", [3, 40])
def test_the_list_takes_the_same_queries_for_3_or_40_events(demo_site, client, number, django_assert_max_num_queries):
    from events.models import EventIndexPage

    _events(number, EventIndexPage.objects.get(locale__language_code="ar"))
    client.get("/api/v1/events?limit=100&lang=en")  # renditions made once, as the first visitor's page does
    # View restrictions, read by each of the three public-page querysets (3); the count and the
    # page of events (2); the other versions (1); images and their renditions for each (4);
    # topics (1); the site's root paths (1).
    with django_assert_max_num_queries(12):
        answer = client.get("/api/v1/events?limit=100&lang=en").json()
    assert answer["count"] == number and len(answer["items"]) == number
    assert all(item["image"] for item in answer["items"])
    # The same and the index form's three vocabularies (cities, years, topics).
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/events?limit=100&lang=en&kind=conference&city=Baghdad").json()["count"] == number


def test_one_event_takes_the_same_queries_however_long_its_agenda(demo_site, client):
    from events.models import EventIndexPage

    index = EventIndexPage.objects.get(locale__language_code="ar")
    small = big_event(index, sessions=3, speakers=3, partners=2, slug="small")
    big = big_event(index, sessions=40, speakers=40, partners=10, slug="big")
    counts = []
    for page in (small, big):
        client.get(f"/api/v1/events/{page.pk}")
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(f"/api/v1/events/{page.pk}").json()
        counts.append(len(queries))
    assert len(answer["sessions"]) == 40 and len(answer["partners"]) == 10
    # The event's versions, view restrictions, sessions with their speakers, people, photos
    # and affiliations, partners with their logos, topics: the same for 3 sessions or 40.
    assert counts[1] == counts[0] and counts[1] <= 16, counts
