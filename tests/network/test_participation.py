"""Directory pages show the events people and organisations took part in, linked."""

import re
from zoneinfo import ZoneInfo

import pytest

from tests.factories.events import at, event_page, translate
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def session(title, speakers, day=10, year=2018, month=8):
    start, end = at(year, month, day, 10), at(year, month, day, 11)
    return {"title": title, "kind": "panel", "start": start, "end": end, "speakers": speakers}


def test_person_page_links_every_session_they_spoke_at(client, events_index):
    ahmed = PersonFactory(name="Ahmed Waheed", name_ar="أحمد وحيد", slug="ahmed-waheed")
    other = PersonFactory()
    point = event_page(
        title="مؤتمر بوينت العراق 2018",
        slug="point-iraq-2018",
        start=at(2018, 8, 10, 9),
        end=at(2018, 8, 11, 17),
        sessions=[
            session("الإعلام في مواجهة الطائفية", [{"person": ahmed, "role": "panellist"}]),
            session("مهارات الشباب", [{"person": other, "role": "speaker"}], day=11),
        ],
    )
    forum = event_page(
        title="منتدى",
        start=at(2019, 1, 5, 9),
        end=at(2019, 1, 5, 17),
        sessions=[session("جلسة ختامية", [{"person": ahmed, "role": "moderator"}], day=5, year=2019, month=1)],
    )
    unpublished = event_page(title="فعالية مخفية", sessions=[session("لم تنشر بعد", [{"person": ahmed}])])
    unpublished.unpublish()
    event_page(
        title="اسم غير معلن",
        sessions=[session("جلسة بلا اسم", [{"person": ahmed, "role": "speaker", "show_publicly": False}])],
    )
    page = html(client, "/ar/directory/people/ahmed-waheed/")
    agenda = point.sessions.get(title="الإعلام في مواجهة الطائفية")
    assert f'href="/ar/events/point-iraq-2018/#session-{agenda.key}"' in page
    assert "الإعلام في مواجهة الطائفية" in page and "جلسة ختامية" in page
    assert forum.url in page
    for hidden in ("مهارات الشباب", "لم تنشر بعد", "جلسة بلا اسم"):
        assert hidden not in page
    assert page.index("جلسة ختامية") < page.index("الإعلام في مواجهة الطائفية")  # newest first


def test_person_page_in_english_links_the_english_event(client, events_index):
    ahmed = PersonFactory(name="Ahmed Waheed", slug="ahmed-waheed")
    arabic = event_page(title="مؤتمر بوينت العراق", slug="point-iraq", sessions=[session("جلسة", [{"person": ahmed}])])
    english = translate(arabic, "en", title="Point Iraq")
    english_session = english.sessions.get()
    english_session.title = "Media against sectarian politics"
    english_session.save()
    page = html(client, "/en/directory/people/ahmed-waheed/")
    assert "Point Iraq" in page and "Media against sectarian politics" in page
    assert f'href="{english.url}#session-{english_session.key}"' in page
    assert "مؤتمر بوينت العراق" not in page


def test_organisation_page_lists_events_it_organised_partnered_and_spoke_at(client, events_index):
    icssi = OrganisationFactory(name="ICSSI", slug="icssi")
    karkhi = AffiliationFactory(organisation=icssi, is_primary=True).person
    outsider = PersonFactory()
    event_page(title="بوينت العراق", partners=[(icssi, "organiser"), (icssi, "partner")])
    event_page(
        title="ورشة الحقوق الرقمية",
        sessions=[
            session("قطع الإنترنت", [{"person": karkhi, "role": "speaker"}]),
            session("متحدث لجهة أخرى", [{"person": outsider, "role": "speaker", "organisation": icssi}]),
            session("متحدث مخفي", [{"person": outsider, "organisation": icssi, "show_publicly": False}]),
        ],
    )
    event_page(title="لا علاقة لها", partners=[(OrganisationFactory(), "sponsor")])
    page = html(client, "/ar/directory/organisations/icssi/")
    assert "بوينت العراق" in page
    badges = re.findall(r'<span class="badge badge-accent">([^<]+)</span>', page)
    assert len(badges) == 2  # organiser and partner of the same event, one card
    assert "قطع الإنترنت" in page and "متحدث لجهة أخرى" in page
    assert "متحدث مخفي" not in page
    assert "لا علاقة لها" not in page


@pytest.mark.parametrize("count", [2, 30])
def test_person_page_queries_do_not_grow_with_sessions(client, events_index, django_assert_max_num_queries, count):
    person = PersonFactory(slug="busy-speaker")
    AffiliationFactory(person=person)
    for number in range(count):
        event_page(title=f"Event {number}", sessions=[session(f"Talk {number}", [{"person": person}])])
    client.get("/ar/directory/people/busy-speaker/")
    with django_assert_max_num_queries(16):
        page = client.get("/ar/directory/people/busy-speaker/").content.decode()
    assert len(re.findall(r">Talk \d+</a>", page)) == count


def test_an_organisations_events_show_all_their_days_and_sessions_their_day_where_they_happen(client, events_index):
    """A multi-week programme reads from its first day to its last, as its card on the events
    index does; a session reads the day it has where the event takes place (23:30 in Vienna is
    already the next day in Baghdad, the site's own zone)."""
    vienna = ZoneInfo("Europe/Vienna")
    kaiciid = OrganisationFactory(name="KAICIID", name_ar="كايسيد", slug="kaiciid")
    speaker = AffiliationFactory(organisation=kaiciid, is_primary=True).person
    programme = event_page(
        title="وسائل التواصل الاجتماعي مساحة للحوار",
        start=at(2021, 2, 3, 17, tz=vienna),
        end=at(2021, 3, 17, 19, tz=vienna),
        time_zone="Europe/Vienna",
        partners=[(kaiciid, "organiser")],
        sessions=[session("ندوة متأخرة", [{"person": speaker}], day=10, year=2021, month=2)],
    )
    late = programme.sessions.get()
    late.start, late.end = at(2021, 2, 10, 23, 30, tz=vienna), at(2021, 2, 10, 23, 50, tz=vienna)
    late.save()
    translate(programme, "en", title="Social Media as a Space for Dialogue")
    arabic = html(client, "/ar/directory/organisations/kaiciid/")
    assert "3 شباط – 17 آذار 2021" in arabic and '<time datetime="2021-02-03T17:00:00+01:00">' in arabic
    assert "10 شباط 2021" in arabic and "11 شباط" not in arabic
    english = html(client, "/en/directory/organisations/kaiciid/")
    assert "3 February – 17 March 2021" in english and "10 February 2021" in english
