from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """What organisers send their funders: an event's report (registrations, attendance and who
    took part, as charts, a PDF and a workbook) and reports across several events.

    A sub-app of events standing on registrations, attendance and the directory; it holds no
    records of its own, only counts read from theirs."""

    name = "events.reporting"
    label = "reporting"
    verbose_name = _("Reports")
