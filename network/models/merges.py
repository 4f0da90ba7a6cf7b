"""The record of every merge of duplicate people or organisations."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models.directory import Organisation, Person


class MergeLog(models.Model):
    """Who merged which duplicate into which record, and what moved or was dropped."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    survivor_person = models.ForeignKey(
        Person, verbose_name=_("kept person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    survivor_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("kept organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    survivor_label = models.CharField(_("kept record"), max_length=600)
    duplicate_label = models.CharField(_("merged duplicate"), max_length=600)
    duplicate_id = models.PositiveBigIntegerField(_("duplicate's number"))
    duplicate_slug = models.CharField(_("duplicate's slug"), max_length=255)
    moved = models.JSONField(_("moved"), default=dict, help_text=_("Rows moved to the kept record, per relation."))
    dropped = models.JSONField(
        _("dropped"), default=list, help_text=_("Rows of the duplicate that repeated one the kept record had.")
    )
    filled = models.JSONField(_("filled in"), default=list, help_text=_("Empty fields filled from the duplicate."))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.duplicate_label} → {self.survivor_label}"

    @property
    def survivor(self):
        return self.survivor_person or self.survivor_organisation
