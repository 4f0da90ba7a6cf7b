"""The demo loader's events carry the facts of the five articles, in both languages, and
loading twice changes nothing."""

import pytest

from events.models import EventPage, Session, SessionSpeaker

pytestmark = pytest.mark.django_db


def page(demo_events, slug, language="en"):
    return demo_events[f"{slug}/{language}"]


def test_the_articles_facts(demo_events):
    """One load of the demo, every event checked (loading takes a while)."""
    check_five_articles_and_two_fictional_events_in_both_languages(demo_events)
    check_point_iraq(demo_events)
    check_kaiciid_is_an_online_programme_of_weekly_seminars(demo_events)
    check_unesco_workshop(demo_events)
    check_foreign_ministry_forum(demo_events)
    check_countering_isis_media_conference(demo_events)
    check_fictional_events_are_upcoming_and_say_so(demo_events)
    check_article_events_say_some_details_are_illustrative(demo_events)
    check_english_sessions_are_paired_with_arabic_ones(demo_events)
    assert demo_events, "each check above asserts the facts of one article"


def check_five_articles_and_two_fictional_events_in_both_languages(demo_events):
    slugs = {
        "point-iraq-2018",
        "kaiciid-social-media-dialogue-phase-2",
        "unesco-social-media-alliance-workshop-1",
        "mofa-first-digital-forum",
        "fourth-conference-countering-isis-media",
        "demo-open-data-clinic",
        "demo-digital-safety-series",
    }
    assert set(demo_events) == {f"{slug}/{language}" for slug in slugs for language in ("ar", "en")}
    assert all(event.live for event in demo_events.values())


def check_point_iraq(demo_events):
    event = page(demo_events, "point-iraq-2018")
    assert event.local_start.date().isoformat() == "2018-08-10"
    assert event.local_end.date().isoformat() == "2018-08-11"
    assert event.venue.name == "Al-Mahatta hall" and event.venue.name_ar == "قاعة المحطة"
    speakers = set(SessionSpeaker.objects.filter(session__page=event).values_list("person__slug", flat=True))
    assert speakers == {
        "ali-fadhil",
        "ahmed-waheed",
        "mohammed-qasim",
        "ali-sami",
        "mohammed-issa",
        "ali-al-karkhi",
        "ghailan-al-jubouri",
        "fatima-hassan",
    }
    partners = set(event.partners.values_list("organisation__slug", flat=True))
    assert {"tawasul", "al-mahatta", "why-not-bosnia", "iraqi-observatory-human-rights", "icssi"} <= partners
    assert len(partners) == 18
    arabic = page(demo_events, "point-iraq-2018", "ar")
    assert arabic.title == "مؤتمر بوينت العراق 2018"


def check_kaiciid_is_an_online_programme_of_weekly_seminars(demo_events):
    event = page(demo_events, "kaiciid-social-media-dialogue-phase-2")
    assert (event.kind, event.event_format, event.venue) == ("programme", "online", None)
    seminars = list(event.sessions.filter(kind="seminar").order_by("start"))
    assert len(seminars) >= 7  # the launch and six modules
    titles = " ".join(s.title for s in seminars)
    for module in ("dialogue", "Policymaking", "Mobile journalism", "hate speech", "Animation", "Multimedia"):
        assert module in titles
    gaps = {(b.start - a.start).days for a, b in zip(seminars, seminars[1:], strict=False)}
    assert gaps == {7}
    launch = seminars[0]
    # The article has the Secretary General open the launch, and says no more of who spoke at it.
    assert list(launch.speakers.values_list("person__slug", flat=True)) == ["faisal-bin-muaammar"]
    assert not SessionSpeaker.objects.filter(session__page=event, person__slug__in=["maya-sukkar", "hani-dawa"])
    # IPDC is the programme's partner ("in cooperation with").
    assert dict(event.partners.values_list("organisation__slug", "role")) == {"kaiciid": "organiser", "ipdc": "partner"}
    body = str(event.body)
    assert "about 446 leaders to counter hate speech" in body
    assert "religious, political and civic leaders" not in body
    assert "نحو 446 قائدًا على مكافحة" in str(page(demo_events, "kaiciid-social-media-dialogue-phase-2", "ar").body)


def check_unesco_workshop(demo_events):
    event = page(demo_events, "unesco-social-media-alliance-workshop-1")
    assert event.local_start.date().isoformat() == "2025-03-13"
    assert event.kind == "workshop"
    roles = dict(event.partners.values_list("organisation__slug", "role"))
    # The bodies whose heads spoke are not made partners of the workshop.
    assert roles == {"unesco-iraq": "organiser", "european-union": "sponsor"}
    speakers = set(SessionSpeaker.objects.filter(session__page=event).values_list("person__slug", flat=True))
    assert speakers == {"saad-maan", "ammar-taher"}


def check_foreign_ministry_forum(demo_events):
    event = page(demo_events, "mofa-first-digital-forum")
    assert event.kind == "forum"
    assert event.local_start.strftime("%A") == "Tuesday"
    assert SessionSpeaker.objects.filter(session__page=event, person__slug="fuad-hussein").exists()


def check_countering_isis_media_conference(demo_events):
    event = page(demo_events, "fourth-conference-countering-isis-media")
    assert [event.local_start.date().isoformat(), event.local_end.date().isoformat()] == ["2019-02-20", "2019-02-21"]
    research = list(event.sessions.filter(kind="research").order_by("start").values_list("title", flat=True))
    # The article gives the sessions no titles: they are only numbered.
    assert research == [f"Research session {number}" for number in range(1, 11)]
    arabic = page(demo_events, "fourth-conference-countering-isis-media", "ar")
    assert arabic.sessions.filter(kind="research", title="الجلسة البحثية 10").exists()
    assert dict(event.partners.values_list("organisation__slug", "role")) == {"national-security-advisory": "sponsor"}
    # Khalid Abdullah took part; no opinion is put in anyone's mouth.
    assert '<a href="/en/directory/people/khalid-abdullah/">Khalid Abdullah</a>' in str(event.body)
    assert '<a href="/ar/directory/people/khalid-abdullah/">خالد عبدالله</a>' in str(arabic.body)
    assert "high quality" not in str(event.body) and "نوعية" not in str(arabic.body)


def check_fictional_events_are_upcoming_and_say_so(demo_events):
    for slug in ("demo-open-data-clinic", "demo-digital-safety-series"):
        for language, word in (("en", "fictional"), ("ar", "متخيَّلة")):
            event = page(demo_events, slug, language)
            assert not event.is_past
            assert word in event.summary
            assert not event.illustrative_details  # fictional throughout, and saying so already


def check_article_events_say_some_details_are_illustrative(demo_events):
    for key, event in demo_events.items():
        if not key.startswith("demo-"):
            assert event.illustrative_details, key


def check_english_sessions_are_paired_with_arabic_ones(demo_events):
    arabic = page(demo_events, "point-iraq-2018", "ar")
    english = page(demo_events, "point-iraq-2018", "en")
    assert list(arabic.sessions.order_by("start").values_list("key", flat=True)) == list(
        english.sessions.order_by("start").values_list("key", flat=True)
    )
    assert english.sessions.order_by("start").first().title.startswith("Opening")
    assert arabic.sessions.order_by("start").first().title.startswith("الافتتاح")


def test_loading_twice_changes_nothing_and_every_page_renders(client, demo_events):
    from fixtures import events

    counts = (EventPage.objects.count(), Session.objects.count(), SessionSpeaker.objects.count())
    keys = set(Session.objects.values_list("pk", "key"))
    events.load(lambda message: None)
    assert (EventPage.objects.count(), Session.objects.count(), SessionSpeaker.objects.count()) == counts
    assert set(Session.objects.values_list("pk", "key")) == keys
    for event in demo_events.values():
        response = client.get(event.url)
        assert response.status_code == 200, event.url
        assert event.title in response.content.decode()
        assert "meet.example.org" not in response.content.decode()


NOTE = {
    "en": "Some details on this page, such as times, the venue or session titles, are illustrative",
    "ar": "بعض التفاصيل في هذه الصفحة، كالمواعيد والمكان وعناوين الجلسات، توضيحية",
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_illustrative_note_follows_the_body_only_where_details_were_chosen(client, demo_events, language):
    chosen = client.get(page(demo_events, "unesco-social-media-alliance-workshop-1", language).url)
    html = chosen.content.decode()
    assert NOTE[language] in html
    assert html.index("event-section prose") < html.index(NOTE[language]) < html.index('id="agenda"')
    fictional = client.get(page(demo_events, "demo-open-data-clinic", language).url).content.decode()
    assert NOTE[language] not in fictional


def test_directory_records_are_completed_not_overwritten(demo_site):
    from fixtures import events
    from network.models import Person

    Person.objects.create(slug="ali-fadhil", name="Ali Fadhil", name_ar="", title="Presenter", public_profile=True)
    events.load(lambda message: None)
    person = Person.objects.get(slug="ali-fadhil")
    assert person.name_ar == "علي فاضل"  # an empty field filled in
    assert person.title == "Presenter" and person.public_profile  # the directory's data kept
