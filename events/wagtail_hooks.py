"""Venues as snippets editors pick from when they create an event."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "name_ar", "city", "country"]
    list_filter = ["country", "governorate"]
    search_fields = ["name", "name_ar", "city", "city_ar"]


register_snippet(VenueViewSet)
