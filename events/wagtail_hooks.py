"""Venues as snippets editors pick from when they create an event, what the directory's pages
show of the events people and organisations took part in, the events' audit log entries (in
the page's history and in the person's), and an event's set-up brought along when it is copied."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.admin_lists import CountedIndexMixin
from events import audit, copying, widget
from events.models import Venue
from events.participation import events_of_organisation, sessions_spoken_at


class VenueIndexView(CountedIndexMixin, IndexView):
    counted = ngettext_lazy("%(count)s venue", "%(count)s venues", "count")


class VenueViewSet(SnippetViewSet):
    model = Venue
    index_view_class = VenueIndexView
    icon = "site"
    menu_label = _("Venues")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "name_ar", "city", "country"]
    list_filter = ["country", "governorate"]
    search_fields = ["name", "name_ar", "city", "city_ar"]


register_snippet(VenueViewSet)


@hooks.register("directory_person_context")
def person_appearances(person):
    """A public profile lists the sessions the person spoke at."""
    return {"appearances": sessions_spoken_at(person)}


@hooks.register("directory_organisation_context")
def organisation_participation(organisation):
    """An organisation's page lists the events it organised or partnered, and the sessions
    its people spoke at for it, and offers them as a widget for its own site."""
    return {"participation": events_of_organisation(organisation), "widget_url": widget.builder_url(organisation)}


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register(actions)


@hooks.register("person_log_entries")
def person_audit_entries(user, person):
    """A person's history in the directory lists what the events' staff did about them."""
    return audit.entries_about(user, person)


@hooks.register("after_copy_page")
def copy_events_set_up(request, page, new_page):
    """An event copied in the admin (alone or under an index copied with its subpages) keeps its
    set-up; the admin says what came along and what did not. An alias mirrors its page and is
    not a new edition: it gets nothing."""
    if new_page.alias_of_id is not None:
        return
    report = copying.copy_tree_set_up(page, new_page, by=request.user)
    for level, text in report.messages():
        messages.add_message(request, level, text)
