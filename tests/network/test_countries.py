"""Countries are offered in the order of their names in the page's language (django-countries
orders by Latin letters, which left the Arabic list in the order of the English names)."""

import re

import pytest
from django.utils import translation

from network.geography import country_choices
from network.text import normalise
from tests.factories.registrations import participant


def test_arabic_names_are_in_the_order_of_their_letters_whatever_the_hamza():
    with translation.override("ar"):
        names = [name for _code, name in country_choices()]
    assert len(names) > 240
    assert [normalise(name) for name in names] == sorted(normalise(name) for name in names)
    assert names.index("أفغانستان") < names.index("الإمارات العربية المتحدة") < names.index("اليمن")
    assert names.index("اليمن") < names.index("بلجيكا") < names.index("تونس") < names.index("مصر")


def test_english_names_keep_their_order_and_a_list_of_codes_is_ordered_too():
    with translation.override("en"):
        assert [name for _code, name in country_choices()][:2] == ["Afghanistan", "Åland Islands"]
        assert country_choices(["YE", "IQ", "EG"]) == [("EG", "Egypt"), ("IQ", "Iraq"), ("YE", "Yemen")]
    with translation.override("ar"):
        assert [code for code, _name in country_choices(["YE", "IQ", "EG"])] == ["IQ", "YE", "EG"]  # العراق، اليمن، مصر


@pytest.mark.django_db
def test_the_profile_page_offers_countries_in_arabic_order(client, demo_site):
    user, _person = participant(name="Noor Ali", name_ar="نور علي")
    client.force_login(user)
    page = client.get("/ar/my/profile/").content.decode()
    select = re.search(r'<select name="country"[^>]*>(.*?)</select>', page, re.S).group(1)
    shown = re.findall(r'<option value="([A-Z]{2})"', select)
    assert shown.index("AF") < shown.index("AE") < shown.index("SA") < shown.index("YE")
