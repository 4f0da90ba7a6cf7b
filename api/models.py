"""Personal API tokens of staff, and the log of every call made to the staff API.

A token is Wagtail's own ``APIToken`` (its secret shown once, only a keyed hash and the first
characters stored, ``manage.py api_tokens`` able to list and revoke it), with what the staff
API adds in ``StaffToken``: a scope, the events it is limited to, an expiry. A token made
elsewhere (the command line) has none of these and opens nothing here. A token is never
deleted by its owner, only revoked, so its calls in the log keep pointing at it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class TokenState(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class StaffToken(models.Model):
    token = models.OneToOneField(
        "wagtailcore.APIToken",
        verbose_name=_("token"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff",
    )
    scope = models.CharField(_("scope"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    # Without a limit the token sees every event its user may see; with one, only those of
    # ``events`` (default-language pages) that its user may also see. Deleting the events of
    # the set never widens it back to all.
    all_events = models.BooleanField(_("all events"), default=True)
    events = models.ManyToManyField("events.EventPage", verbose_name=_("events"), blank=True, related_name="+")
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff API token")
        verbose_name_plural = _("staff API tokens")

    def __str__(self):
        return str(self.token)

    @property
    def may_write(self):
        return self.scope == TokenScope.WRITE

    def state(self, now=None):
        if self.token.revoked_at is not None:
            return TokenState.REVOKED
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return TokenState.EXPIRED
        return TokenState.ACTIVE


class ApiCall(models.Model):
    """One request to the staff API: who asked, with which token, what, and how it was answered.
    A request with an unknown token, or none, is logged without one."""

    token = models.ForeignKey(
        "wagtailcore.APIToken",
        verbose_name=_("token"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_api_calls",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=255)
    status = models.PositiveSmallIntegerField(_("status"))
    # The refusal's code when there was one ("full", "token_revoked", "invalid", …).
    code = models.CharField(_("refusal code"), max_length=40, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="apicall_at"),
            models.Index(fields=["token", "-at"], name="apicall_token_at"),
        ]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
