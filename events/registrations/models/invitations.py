"""Invitations to register for an event that takes registrations by invitation only.

An invitation is a personal link sent by email: whoever opens it signed in may register once
with it (it is not bound to the account's email, as a pretix voucher is not), and the
registration it led to is kept beside it, so organisers see who used it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .feeds import new_feed_token
from .registrations import Registration

NAME_MAX_LENGTH = 255


class InvitationLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class Invitation(models.Model):
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=InvitationLanguage.choices, default=InvitationLanguage.ARABIC
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_email_and_event"),
        ]

    def __str__(self):
        return self.email

    @property
    def status(self):
        """``revoked``, ``registered`` or ``waiting``."""
        if self.revoked_at:
            return "revoked"
        if self.registration_id:
            return "registered"
        return "waiting"
