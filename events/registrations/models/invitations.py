"""Invitations to register for an event that takes registrations by invitation only.

An invitation is a personal link sent by email: whoever opens it signed in may register once
with it (it is not bound to the account's email, as a pretix voucher is not), and the
registration it led to is kept beside it, so organisers see who used it.

An invitation's state is decided here, once: ``STATES`` says it as conditions on the rows
(the organisers' filter and counts), ``Invitation.status`` as the same rules on one row."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.text import search_text

from .feeds import new_feed_token
from .registrations import Registration

NAME_MAX_LENGTH = 255


class InvitationLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class InvitationStatus(models.TextChoices):
    WAITING = "waiting", _("Not registered yet")
    REGISTERED = "registered", pgettext_lazy("invitation status", "Registered")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")


# Withdrawn wins over used: a registration made before the invitation was revoked stays.
STATES = {
    InvitationStatus.REVOKED: Q(revoked_at__isnull=False),
    InvitationStatus.REGISTERED: Q(revoked_at__isnull=True, registration__isnull=False),
    InvitationStatus.WAITING: Q(revoked_at__isnull=True, registration__isnull=True),
}


class InvitationQuerySet(models.QuerySet):
    def in_state(self, status):
        """The invitations in ``status`` (an ``InvitationStatus``)."""
        return self.filter(STATES[status])

    def counts(self):
        """``{"total", "waiting", "registered", "revoked"}``, in one query."""
        return self.aggregate(
            total=Count("pk"), **{str(status): Count("pk", filter=condition) for status, condition in STATES.items()}
        )


class Invitation(models.Model):
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    # The name folded as the directory folds names (network.text), for the organisers' search.
    search_text = models.TextField(editable=False, blank=True, default="")
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

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_email_and_event"),
        ]

    def __str__(self):
        return self.email

    def fold_name(self):
        """Keeps ``search_text`` in step with the name (``save`` does; a bulk insert calls it)."""
        self.search_text = search_text(self.name)
        return self

    def save(self, *args, **kwargs):
        self.fold_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def status(self):
        """The ``InvitationStatus`` of this one: ``STATES`` on one row."""
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.registration_id:
            return InvitationStatus.REGISTERED
        return InvitationStatus.WAITING

    def get_status_display(self):
        return self.status.label
