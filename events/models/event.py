"""The event page: one conference, workshop, forum or programme, in one language."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import pagecache
from core.cluster import PageRows
from core.text import label_of
from events import rules
from events.blocks import BodyBlock
from events.forms import EventPageForm
from events.models.choices import DEFAULT_TIME_ZONE, EventFormat, EventKind, EventLanguage, time_zone_choices
from events.presentation import event_context
from events.translation import CanonicalPageMixin
from network.folding import FOLDED, FoldedSearchMixin


class EventPage(PageRows, FoldedSearchMixin, CanonicalPageMixin, Page):
    """One event, in one language. Its translations share registrations and attendance
    through ``canonical`` (see events.translation); its sessions share a ``key``."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE)
    event_format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    start = models.DateTimeField(_("starts"), help_text=_("In the event's time zone."))
    end = models.DateTimeField(_("ends"), help_text=_("In the event's time zone."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        choices=time_zone_choices,
        help_text=_("Times on the page and in calendar files are shown in this zone."),
    )
    venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Needed for in-person and hybrid events."),
    )
    online_link = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Needed for online and hybrid events. Never shown publicly: confirmed participants receive it."),
    )
    contact_email = models.EmailField(
        _("contact for participants"),
        blank=True,
        help_text=_(
            "The organising team's address for questions: shown on the page, and participants' replies to "
            "the site's emails about this event go to it. Not a person's private address. The page in the "
            "site's main language gives it to a translation that has none."
        ),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and previews."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in lists and when the page is shared. A wide picture works best."),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("topics"),
        through="events.EventPageTag",
        blank=True,
        help_text=_("Visitors filter events by topic. Use the same words across events."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("The languages the event is held in.")
    )
    illustrative_details = models.BooleanField(
        _("some details are illustrative"),
        default=False,
        help_text=_(
            "Tick when the page fills in details its sources do not give (a time, a venue, a session title). "
            "The page then says so in a short note."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("event_format")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
                FieldPanel("languages"),
            ],
            heading=_("When and how"),
        ),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("online_link")], heading=_("Where")),
        FieldPanel("contact_email"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("illustrative_details"),
        FieldPanel("tags"),
        InlinePanel("partners", label=_("Organiser or partner"), heading=_("Organisers and partners")),
        InlinePanel("sessions", label=_("Session"), heading=_("Agenda")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("speaker_names"),
        index.SearchField("place_names"),
        FOLDED,
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("kind"),
        index.FilterField("event_format"),
    ]
    folded_fields = ("title", "summary", "topic_names", "speaker_names", "partner_names", "place_names", "body")
    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def clean(self):
        super().clean()
        errors = {}
        for check in (
            lambda: rules.check_event_times(self.start, self.end),
            lambda: rules.check_location(self.event_format, self.venue, self.online_link),
        ):
            try:
                check()
            except ValidationError as error:
                errors.update(error.error_dict)
        if errors:
            raise ValidationError(errors)

    @cached_property
    def zone(self):
        return rules.zone(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.zone)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def kind_label(self):
        return label_of(EventKind, self.kind)

    @property
    def format_label(self):
        return label_of(EventFormat, self.event_format)

    @property
    def meeting_link(self):
        """The online meeting's address, for an online or hybrid event; never shown publicly
        (events/registrations/services/online.py decides who receives it)."""
        return self.online_link if self.event_format != EventFormat.IN_PERSON else ""

    @property
    def contact(self):
        """The address participants write to with questions: this page's, else the canonical
        page's (a translation made before it was filled in)."""
        return self.contact_email or (self.canonical.contact_email if self.canonical is not self else "")

    def get_language_names(self):
        labels = dict(EventLanguage.choices)
        return [labels[code] for code in self.languages or [] if code in labels]

    def speaker_names(self):
        """Every publicly named speaker in both scripts, for the search index."""
        names = set()
        for session in self.sessions.all():
            for speaker in session.speakers.all():
                if speaker.show_publicly:
                    names.update(filter(None, [speaker.person.name, speaker.person.name_ar]))
        return " ".join(sorted(names))

    def topic_names(self):
        """The event's topics, for the search index: a visitor looking for «الإعلام» finds
        the events filed under it."""
        return " ".join(tag.name for tag in self.tags.all())

    def partner_names(self):
        """Organisers and partners by name, both scripts and short name, for the search index."""
        names = set()
        for partner in self.partners.all():
            organisation = partner.organisation
            names.update(filter(None, [organisation.name, organisation.name_ar, organisation.acronym]))
        return " ".join(sorted(names))

    def place_names(self):
        if self.venue is None:
            return ""
        venue = self.venue
        return " ".join(filter(None, [venue.name, venue.name_ar, venue.city, venue.city_ar]))

    def get_context(self, request, *args, **kwargs):
        # Seats left and the call to action follow the event's registrations; the page turns
        # "past" at its end (core/pagecache.py).
        pagecache.depends_on(request, pagecache.event_tag(self.canonical.pk))
        pagecache.valid_until(request, self.start)
        pagecache.valid_until(request, self.end)
        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        return context
