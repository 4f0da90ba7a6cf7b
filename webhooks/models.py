"""Organisers' webhook endpoints, and each delivery made to them with its attempts.

An endpoint belongs to the organiser who added it (``owner``): it receives the chosen kinds of
changes for one event, or for every event its owner may manage (``event`` empty), asked of the
events' permission policy each time something is sent. A delivery is one change sent to one
endpoint: its body is kept as it was first built, so every attempt and every redelivery sends
the same bytes under the same id, each with a fresh timestamp and signature.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    CREATED = "registration.created", _("Registration created")
    CONFIRMED = "registration.confirmed", _("Registration confirmed")
    CANCELLED = "registration.cancelled", _("Registration cancelled")
    PROMOTED = "registration.promoted", _("Promoted from the waiting list")
    CHECKED_IN = "check_in.recorded", _("Check-in recorded")


class Endpoint(models.Model):
    url = models.URLField(_("endpoint URL"), max_length=500)
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every event its owner may manage."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    kinds = models.JSONField(_("changes sent"), default=list)
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    secret = models.CharField(_("signing secret"), max_length=100, editable=False)
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    secret_rotated_at = models.DateTimeField(_("secret last changed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.description or self.url

    def kind_labels(self):
        labels = dict(Kind.choices)
        return [labels[kind] for kind in Kind.values if kind in self.kinds]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("webhook delivery", "Waiting to be sent")
    RETRYING = "retrying", pgettext_lazy("webhook delivery", "Failed, will be tried again")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")


class Delivery(models.Model):
    uuid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("change"), max_length=40, choices=Kind.choices)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_latest")]

    def __str__(self):
        return f"{self.kind} {self.uuid}"


class Attempt(models.Model):
    """One try at sending a delivery: what the endpoint answered, or why there was no answer."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    response_excerpt = models.CharField(_("response"), max_length=500, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.response_code or self.error}"

    @property
    def succeeded(self):
        return self.response_code is not None and 200 <= self.response_code < 300
