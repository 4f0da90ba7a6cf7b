"""The agenda: sessions as ordered children of an event, and who speaks at each.

A multi-week programme (a series of online seminars) uses the same model; the event page
groups its sessions by date and labels the weeks.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from core.cluster import ClusterableModel
from core.text import label_of
from events.models.choices import SessionKind, SpeakerRole, speaker_role_label


class Session(ClusterableModel, Orderable):
    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="sessions")
    # Copied with the page when it is translated, so the Arabic and English versions of a
    # session share it: calendar UIDs and per-session records rely on that.
    key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.TALK)
    start = models.DateTimeField(_("starts"), help_text=_("In the event's time zone."))
    end = models.DateTimeField(_("ends"), help_text=_("In the event's time zone, on or before the event's last day."))
    room = models.CharField(
        _("room or track"), max_length=120, blank=True, help_text=_("For example: Main hall, or Track B.")
    )
    description = models.TextField(_("description"), blank=True)
    online_link = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Only if this session has its own link. Never shown publicly: confirmed participants receive it."),
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("room")]),
        FieldPanel("description"),
        FieldPanel("online_link"),
        InlinePanel("speakers", label=_("Speakers"), heading=_("Speakers")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["page", "start"])]

    def __str__(self):
        return self.title

    @property
    def is_break(self):
        return self.kind == SessionKind.BREAK

    @property
    def kind_label(self):
        return label_of(SessionKind, self.kind)


class SessionSpeaker(Orderable):
    """A person appearing in a session, taken from the directory.

    What an event page may show about a speaker, whatever their directory consent:

    * The name and the affiliation appear on the event page, in its JSON-LD and in its
      calendar files when ``show_publicly`` is set (the default: speaking at a public event
      is public). The organiser clears it for someone who must not be named.
    * The link to the person's directory profile, their photo and their biography appear
      only when ``person.public_profile`` is True, the consent the person gives in the
      directory.
    * Email, phone and gender never appear.
    """

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="session_appearances",
    )
    role = models.CharField(_("role"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("appearing for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The affiliation shown beside the name. Leave empty to use the person's main affiliation."),
    )
    show_publicly = models.BooleanField(
        _("name shown publicly"),
        default=True,
        help_text=_(
            "Shows the name and affiliation on the event page and in calendar files. "
            "Photo, biography and profile link appear only if the person has a public directory profile."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("show_publicly")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return str(self.person)

    @property
    def role_label(self):
        """The role as said of this person: in Arabic, of a woman or a man where that is known
        and the person's profile is public; otherwise the form that fits anyone, so the
        wording never tells a reader the gender a private record holds."""
        return speaker_role_label(self.role, self.person.gender if self.person.public_profile else "")
