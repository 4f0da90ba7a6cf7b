"""The agenda: sessions as ordered children of an event, who speaks at each, and the
materials published with them (slides, documents, recordings).

A multi-week programme (a series of online seminars) uses the same model; the event page
groups its sessions by date and labels the weeks.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from core.cluster import ClusterableModel
from core.text import label_of
from events.models.choices import MaterialKind, SessionKind, SpeakerRole, speaker_role_label


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
        InlinePanel("materials", label=_("Material"), heading=_("Materials")),
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


class SessionMaterial(Orderable):
    """Something published with a session for anyone to read, watch or download: the slides, a
    paper, the recording. A file from the document library or a link, never both. Public like
    the agenda it appears in (the event page, its API answer): nothing for participants only
    belongs here, as a joining link does not."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices, default=MaterialKind.SLIDES)
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Leave empty to use the document's title, or the kind.")
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("A recording or a page elsewhere, instead of a document.")
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("document"), FieldPanel("url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.shown_title

    def clean(self):
        super().clean()
        if bool(self.document_id) == bool(self.url):
            message = (
                _("Choose a document or give a link, not both.") if self.url else _("Choose a document or give a link.")
            )
            raise ValidationError({"document": message})

    @property
    def shown_title(self):
        if self.title:
            return self.title
        if self.document_id and self.document:
            return self.document.title
        return str(label_of(MaterialKind, self.kind))

    @property
    def kind_label(self):
        return label_of(MaterialKind, self.kind)

    @property
    def icon_name(self):
        """Its icon beside the title (home/templatetags/multaqa.py ``ICONS``)."""
        return {MaterialKind.RECORDING: "play", MaterialKind.LINK: "link"}.get(self.kind, "file")

    @property
    def file_format(self):
        """The document's format as read beside its size ("PDF"), set apart from the words
        around it (Unicode isolates) so that an Arabic line keeps "PDF، 2.0 م.ب" in order."""
        extension = self.document.file_extension.upper() if self.document_id and self.document else ""
        return f"\u2068{extension}\u2069" if extension else ""

    @property
    def href(self):
        """Where the material is read: the document's address, else the link; empty when its
        document was deleted."""
        if self.document_id:
            return self.document.url if self.document else ""
        return self.url
