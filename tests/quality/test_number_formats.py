"""Numbers on Arabic pages read with a decimal point and a comma between thousands, as Iraqi
organisers write them with Western digits (Django's Arabic formats swap the two)."""

import datetime as dt

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format


def test_arabic_numbers_have_a_decimal_point_and_thousands_commas():
    with translation.override("ar"):
        assert number_format(12.5, 1) == "12.5"
        assert number_format(12500, force_grouping=True) == "12,500"
        assert Template("{{ share|floatformat:1 }}").render(Context({"share": 33.333})) == "33.3"
    with translation.override("en"):
        assert number_format(12.5, 1) == "12.5"


def test_arabic_dates_keep_djangos_arabic_formats():
    with translation.override("ar"):
        assert date_format(dt.date(2018, 3, 4)) == date_format(dt.date(2018, 3, 4), "j F، Y")
