"""Monograms: the letters shown where there is no photo or logo, in one style everywhere."""

import pytest
from django.utils import translation

from network.text import initials, monogram
from tests.factories.network import AffiliationFactory, OrganisationFactory, PersonFactory


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Ali Fadhil", "AF"),
        ("Dr. Ali Fadhil", "AF"),
        ("Prof. Hana Kareem", "HK"),
        ("Maj. Gen. Saad Maan", "SM"),
        ("Ali Al-Karkhi", "AK"),
        ("علي فاضل", "ع ف"),
        ("الدكتور علي الفاضل", "ع ف"),
        ("د. أحمد وحيد", "أ و"),
        ("اللواء سعد معن", "س م"),
        ("الفريق الركن عبد الأمير", "ع أ"),
        ("الأستاذ حسن الكرخي", "ح ك"),
        ("أ.د. سامي علي", "س ع"),
        ("المبادرة العراقية", "م ع"),
        ("Dr.", "D"),
        ("", ""),
    ],
)
def test_initials_skip_titles_and_the_article(name, letters):
    assert initials(name) == letters


def test_organisation_monogram_prefers_a_short_acronym():
    assert monogram("Iraqi Civil Society Solidarity Initiative", "ICSSI") == "ICSSI"
    assert monogram("الشبكة الوطنية", "") == "ش و"
    assert monogram("United Nations Educational", "UNESCO-IRAQ") == "UN"


@pytest.mark.django_db
def test_cards_and_profiles_show_the_same_monogram(client):
    organisation = OrganisationFactory(name="Peace Builders", name_ar="بناة السلام", acronym="")
    person = PersonFactory(name="Dr. Zainab Hadi", name_ar="الدكتورة زينب هادي")
    AffiliationFactory(person=person, organisation=organisation)
    with translation.override("ar"):
        assert person.monogram == "ز ه"
        assert organisation.monogram == "ب س"
    pages = [
        "/ar/directory/organisations/",
        organisation.get_absolute_url(),
        "/ar/directory/people/",
        person.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "directory-initial" in html, url
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert ">ب س</span>" in html and ">ز ه</span>" in html
    html = client.get("/en/directory/people/").content.decode()
    assert ">ZH</span>" in html
