from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """What participants thought of an event: a form of questions the organisers set up, opened
    when the event ends, answered anonymously by those who took part, and its results for the
    funders' reports.

    A sub-app of events standing on registrations (who may answer, the emails) and attendance
    (who took part); registrations and reporting reach it only through Wagtail hooks."""

    name = "events.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")
