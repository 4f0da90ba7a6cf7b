"""When an event's organisers were last emailed about its registrations, and what happened
since (services/organiser_emails.py): one row per event, locked while a change is counted or
an email is decided, so that two app processes never both send."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserNotice(models.Model):
    event = models.OneToOneField(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("organisers last emailed"), null=True, blank=True)
    # Changes not emailed yet: they came less than the interval after ``sent_at``.
    registrations = models.PositiveIntegerField(_("new registrations not emailed yet"), default=0)
    cancellations = models.PositiveIntegerField(_("cancellations not emailed yet"), default=0)

    class Meta:
        verbose_name = _("organisers' email about registrations")
        verbose_name_plural = _("organisers' emails about registrations")

    def __str__(self):
        return str(self.event_id)
