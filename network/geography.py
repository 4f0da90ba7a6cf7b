"""Places the directory and registration forms offer: Iraq's governorates and the Kurdistan
Region, the first level below a country that Iraqi organisers report on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
