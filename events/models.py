import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from home.translation import CanonicalPageMixin


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    PROGRAMME = "programme", _("Training programme")
    FORUM = "forum", _("Forum")
    WEBINAR = "webinar", _("Webinar")
    MEETING = "meeting", _("Meeting")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = EventPage.objects.live().public().child_of(self).order_by("start")
        return context


class EventPage(CanonicalPageMixin, Page):
    """One event, in one language. Its translations share registrations and attendance
    through ``canonical`` (see home.translation)."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.CONFERENCE)
    event_format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Baghdad",
        choices=time_zone_choices,
        help_text=_("Times on the page and in calendar files are shown in this zone."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and previews."))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("event_format")]),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When and how"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("start")]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start"])]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
