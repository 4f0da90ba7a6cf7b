"""The events index: upcoming events first, an archive of past ones, filters and a month view."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from network.folding import FOLDED, FoldedSearchMixin


class EventIndexPage(FoldedSearchMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), FOLDED]
    folded_fields = ("title", "introduction")
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    # What the page lists (events.listing: filters, pages, the month view) reads events through
    # events.queries, which stands on these models; events/apps.py hands it over once they
    # are loaded, so the models never import the listing.
    listing = None

    def route(self, request, path_components):
        """Wagtail's routing, with an event found in one query: its children are only events
        (``subpage_types``), so the event is read as one, not as a page and then its fields."""
        if path_components:
            # With its locale and venue, which every event page shows (language links, the
            # venue block and its structured data).
            events = apps.get_model("events", "EventPage").objects.child_of(self).select_related("locale", "venue")
            event = events.filter(slug=path_components[0]).first()
            if event is not None:
                event._cached_parent_obj = self  # as Wagtail does: no query for the parent later
                return event.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing(request))
        return context
