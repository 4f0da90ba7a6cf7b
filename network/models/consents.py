"""What a person agreed to (or declined), when, and the exact words they were shown.

One row per answer: ticking (or clearing) "show my profile in the directory" on their profile,
and each consent question of an event's registration form (an organiser's photography
consent is one). ``wording`` is the text as shown, in the language shown; ``version`` is a
short fingerprint of it, so the rows given to one wording can be found when the wording
changes. Rows are written by ``network.consents.record`` and never edited."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentSubject(models.TextChoices):
    PUBLIC_PROFILE = "public_profile", _("Public profile in the directory")
    EVENT = "event", _("An event's consent question")


class Consent(models.Model):
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    subject = models.CharField(_("about"), max_length=20, choices=ConsentSubject.choices)
    given = models.BooleanField(_("given"))
    wording = models.TextField(_("wording shown"))
    version = models.CharField(_("wording version"), max_length=16)
    language = models.CharField(_("language"), max_length=10)
    # What it was given for, in words ("Point Iraq 2018 — REF"): the directory does not
    # depend on events, so the event is named rather than linked.
    context = models.CharField(_("given for"), max_length=255, blank=True)
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "-at"], name="consent_person_latest")]

    def __str__(self):
        return f"{self.get_subject_display()}: {self.given}"
