"""core/urls.reverse_one gives exactly what Django's reverse gives, for every value a record
can hold, in both languages, under a script prefix, and after the URL configuration changes."""

import pytest
from django.urls import NoReverseMatch, clear_url_caches, reverse, set_script_prefix
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.urls import reverse_one

ROUTES = [("network:person", "slug"), ("network:organisation", "slug"), ("events:session_ics", "pk")]

values = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="abcXYZ019-_زقمحمد٣ /%?#&.", max_size=20),
    st.integers(min_value=-5, max_value=10**20),
    st.booleans(),
)


def outcome(function, name, key, value):
    try:
        return function(name, key, value)
    except NoReverseMatch:
        return "no match"


def django_reverse(name, key, value):
    return reverse(name, kwargs={key: value})


@settings(max_examples=300, deadline=None)
@given(route=st.sampled_from(ROUTES), language=st.sampled_from(["ar", "en"]), value=values)
@example(route=ROUTES[0], language="ar", value="محمد-علي")
@example(route=ROUTES[0], language="en", value="a/b")
@example(route=ROUTES[0], language="en", value="")
@example(route=ROUTES[0], language="en", value="50%?x=1#y")
@example(route=ROUTES[2], language="ar", value=123456789012345678)
@example(route=ROUTES[2], language="ar", value=1234567890123456789)
@example(route=ROUTES[2], language="en", value="abc")
@example(route=ROUTES[2], language="en", value=True)
def test_the_same_address_as_reverse(route, language, value):
    name, key = route
    with translation.override(language):
        assert outcome(reverse_one, name, key, value) == outcome(django_reverse, name, key, value)


def test_the_address_of_a_record_in_each_language():
    with translation.override("ar"):
        assert reverse_one("network:person", "slug", "huda-ali") == "/ar/directory/people/huda-ali/"
        assert reverse_one("events:session_ics", "pk", 42) == "/ar/calendar/session/42.ics"
    with translation.override("en"):
        assert reverse_one("network:person", "slug", "هدى") == "/en/directory/people/%D9%87%D8%AF%D9%89/"


def test_a_script_prefix_is_kept():
    try:
        set_script_prefix("/multaqa/")
        with translation.override("en"):
            address = reverse_one("network:organisation", "slug", "unesco")
        assert address == "/multaqa/en/directory/organisations/unesco/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert reverse_one("network:organisation", "slug", "unesco") == "/en/directory/organisations/unesco/"


def test_a_new_url_configuration_is_followed(settings):
    with translation.override("en"):
        assert reverse_one("network:person", "slug", "huda") == "/en/directory/people/huda/"
    settings.ROOT_URLCONF = "tests.urls_moved_directory"
    clear_url_caches()
    try:
        with translation.override("en"):
            assert reverse_one("network:person", "slug", "huda") == "/en/people-moved/huda/"
    finally:
        clear_url_caches()


@pytest.mark.parametrize("value", ["", "a/b"])
def test_a_value_the_route_refuses_is_refused(value):
    with translation.override("en"), pytest.raises(NoReverseMatch):
        reverse_one("network:person", "slug", value)
