"""What an event's organisers chose when they last imported registrations: which column of
their file fills which field, so the next file of the same form is mapped already."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    mapping = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")

    def __str__(self):
        return str(self.event_id)
