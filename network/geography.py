"""Places the directory and registration forms offer: countries in the order of their names in
the page's language, and Iraq's governorates and the Kurdistan Region, the first level below a
country that Iraqi organisers report on."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from network.text import normalise


def country_choices(codes=None):
    """``(code, name)`` of ``codes`` (every country when None) in the active language, in the
    order of their names: in Arabic by the letters themselves, whatever the hamza («أ», «إ»,
    «ا» together). django-countries orders by the names' Latin letters, which leaves Arabic
    names in the order of their English ones."""
    named = (
        [(code, str(name)) for code, name in countries]
        if codes is None
        else [(code, str(countries.name(code) or code)) for code in codes]
    )
    return sorted(named, key=lambda pair: (normalise(pair[1]), pair[1]))


class Governorate(models.TextChoices):
    BAGHDAD = "baghdad", _("Baghdad")
    BASRA = "basra", _("Basra")
    NINEVEH = "nineveh", _("Nineveh")
    ERBIL = "erbil", _("Erbil")
    SULAYMANIYAH = "sulaymaniyah", _("Sulaymaniyah")
    DUHOK = "duhok", _("Duhok")
    HALABJA = "halabja", _("Halabja")
    KIRKUK = "kirkuk", _("Kirkuk")
    ANBAR = "anbar", _("Anbar")
    BABYLON = "babylon", _("Babylon")
    KARBALA = "karbala", _("Karbala")
    NAJAF = "najaf", _("Najaf")
    QADISIYAH = "qadisiyah", _("Al-Qadisiyah")
    MUTHANNA = "muthanna", _("Muthanna")
    DHI_QAR = "dhi_qar", _("Dhi Qar")
    MAYSAN = "maysan", _("Maysan")
    WASIT = "wasit", _("Wasit")
    DIYALA = "diyala", _("Diyala")
    SALADIN = "saladin", _("Saladin")


IRAQ = "IQ"


def place_error(country, governorate):
    """Why a governorate and a country do not go together (None when they do): the governorates
    are Iraq's, so with one chosen the country is Iraq or left empty."""
    if governorate and country and str(country) != IRAQ:
        return _("The governorates listed are Iraq's. Choose Iraq as the country, or leave the governorate empty.")
    return None


def check_place(record):
    """``place_error`` for a person or an organisation, as a model's ``clean`` raises it."""
    message = place_error(record.country, record.governorate)
    if message:
        raise ValidationError({"governorate": message}, code="governorate_outside_iraq")
