"""What organisers wrote to an event's participants: one record per message sent, with its
text in each language written and the registrations it went to."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import pick

from .registrations import Registration

# The longest subject and message an organiser may write, in each language.
SUBJECT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 10_000


class EventMessage(models.Model):
    """A message sent to the participants of an event. ``registrations`` are those it went to:
    a link that goes with each registration (and with the event's personal data, see
    services/retention.py), while ``recipients`` keeps how many there were."""

    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="participant_messages"
    )
    subject = models.CharField(_("subject in English"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    body = models.TextField(_("message in English"), blank=True)
    subject_ar = models.CharField(_("subject in Arabic"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    body_ar = models.TextField(_("message in Arabic"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    # The compose form's own key: the same form sent twice (a double click on Send, a reload, a
    # second tab) finds its message already sent instead of sending it again.
    key = models.UUIDField(_("key"), null=True, blank=True, unique=True, editable=False)
    registrations = models.ManyToManyField(
        Registration, verbose_name=_("registrations"), related_name="messages_received", blank=True
    )

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["event", "-sent_at"], name="event_message_sent")]

    def __str__(self):
        return self.shown_subject()

    def written_in(self):
        """The languages the message was written in (both its subject and its text)."""
        return [language for language in ("ar", "en") if self.text_in(language)[0] and self.text_in(language)[1]]

    def text_in(self, language):
        """``(subject, body)`` in ``language`` ("ar" or "en"), empty where not written."""
        if language == "ar":
            return self.subject_ar, self.body_ar
        return self.subject, self.body

    def version_for(self, language):
        """``(language, subject, body)`` a participant who registered in ``language`` reads:
        their language's version, the other one when only that was written."""
        written = self.written_in()
        chosen = language if language in written or not written else written[0]
        return (chosen, *self.text_in(chosen))

    def shown_subject(self, language=None):
        """The subject in ``language`` (the active one by default), else in the other."""
        return pick(self.subject_ar, self.subject, language)
