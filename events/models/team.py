"""The people who work on one event without editing it: desk staff check people in, reporters
read its lists and reports. Organisers (who may edit the event's page) add them; the
permission policies (events/permissions.py) read these rows beside Wagtail's page permissions.

A row names the canonical (default-language) page, so a role covers both language versions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventRole(models.TextChoices):
    DESK = "desk", _("Check-in desk")
    REPORTER = "reporter", _("Reporter")


class EventTeamMember(models.Model):
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole.choices)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("event team member")
        verbose_name_plural = _("event team members")
        constraints = [models.UniqueConstraint(fields=["event", "user", "role"], name="one_role_per_event_and_user")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"
