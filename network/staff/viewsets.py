"""Snippet viewsets for organisations, people and networks, grouped in one admin menu with
the import and merge tools. Search in listings and choosers folds Arabic spelling variants,
like the public directory."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.admin_lists import CountedIndexMixin
from core.ids import record_ids
from network.models import MergeLog, Network, Organisation, Person
from network.search import matching
from network.staff import forms as staff_forms
from network.staff import history as history_views
from network.staff import imports as import_views
from network.staff import merges as merge_views
from network.staff.access import choosable
from network.staff.filters import OrganisationFilterSet, PersonFilterSet


class DirectoryIndexView(CountedIndexMixin, IndexView):
    """The admin listing, searched with the directory's spelling-insensitive search, with
    export links that carry the filters in use."""

    search_fields = ["name"]
    export_kind = None

    def search_queryset(self, queryset):
        return matching(queryset, self.search_query) if self.is_searching else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.export_kind:
            query = self.request.GET.copy()
            query.pop("p", None)
            suffix = f"?{query.urlencode()}" if query else ""
            context["directory_tools"] = {
                "csv": reverse("network_tools:export", args=[self.export_kind, "csv"]) + suffix,
                "xlsx": reverse("network_tools:export", args=[self.export_kind, "xlsx"]) + suffix,
                "import": reverse("network_tools:upload", args=[self.export_kind]),
            }
        return context


class OrganisationIndexView(DirectoryIndexView):
    export_kind = "organisations"
    counted = ngettext_lazy("%(count)s organisation", "%(count)s organisations", "count")


class NetworkIndexView(DirectoryIndexView):
    counted = ngettext_lazy("%(count)s network", "%(count)s networks", "count")


class PersonIndexView(DirectoryIndexView):
    export_kind = "people"
    counted = ngettext_lazy("%(count)s person", "%(count)s people", "count")


class NormalisedSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Search")})
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = matching(objects, query)
        return objects


class ChoosableMixin:
    """Only the records the signed-in user may see (network.staff.access), in name order."""

    def get_object_list(self):
        return choosable(self.request.user, self.model_class).order_by("name", "pk")


class NormalisedChooseView(ChoosableMixin, ChooseView):
    filter_form_class = NormalisedSearchForm


class NormalisedChooseResultsView(ChoosableMixin, ChooseResultsView):
    filter_form_class = NormalisedSearchForm


class DirectoryChosenView(SnippetChosenView):
    def get_object(self, pk):
        return choosable(self.request.user, self.model_class).get(pk__in=record_ids([pk]))


class DirectoryChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return choosable(self.request.user, self.model_class).filter(pk__in=record_ids(pks))


class DirectoryChooserViewSet(SnippetChooserViewSet):
    choose_view_class = NormalisedChooseView
    choose_results_view_class = NormalisedChooseResultsView
    chosen_view_class = DirectoryChosenView
    chosen_multiple_view_class = DirectoryChosenMultipleView


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 100
    index_view_class = OrganisationIndexView
    chooser_viewset_class = DirectoryChooserViewSet
    index_results_template_name = "network/admin/index_results.html"
    filterset_class = OrganisationFilterSet
    list_display = [
        "name",
        "name_ar",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("country", label=_("Country"), accessor="country.name"),
        BooleanColumn("is_public", label=_("Public")),
    ]
    list_per_page = 50
    ordering = ["name"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("name_ar")]),
                    FieldRowPanel([FieldPanel("acronym"), FieldPanel("slug"), FieldPanel("kind")]),
                    FieldPanel("is_public"),
                    MultiFieldPanel(
                        [FieldRowPanel([FieldPanel("country"), FieldPanel("governorate"), FieldPanel("city")])],
                        heading=_("Place"),
                    ),
                    FieldRowPanel([FieldPanel("description"), FieldPanel("description_ar")]),
                ],
                heading=_("Organisation"),
            ),
            ObjectList(
                [FieldPanel("logo"), FieldPanel("website"), FieldPanel("social_links")],
                heading=_("Logo and links"),
            ),
        ],
        base_form_class=staff_forms.OrganisationForm,
    )


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 110
    index_view_class = PersonIndexView
    edit_view_class = history_views.PersonEditView
    history_view_class = history_views.PersonHistoryView
    chooser_viewset_class = DirectoryChooserViewSet
    index_results_template_name = "network/admin/index_results.html"
    filterset_class = PersonFilterSet
    list_display = [
        "name",
        "name_ar",
        Column("country", label=_("Country"), accessor="country.name"),
        BooleanColumn("public_profile", label=_("Public profile")),
    ]
    list_per_page = 50
    ordering = ["name"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("name_ar")]),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("title"), FieldPanel("title_ar")]),
                    FieldRowPanel([FieldPanel("country"), FieldPanel("governorate")]),
                    FieldRowPanel([FieldPanel("bio"), FieldPanel("bio_ar")]),
                    FieldPanel("photo"),
                    FieldPanel("links"),
                    InlinePanel("affiliations", heading=_("Affiliations"), label=_("Affiliation")),
                ],
                heading=_("Profile"),
            ),
            ObjectList(
                [
                    FieldPanel("public_profile"),
                    FieldRowPanel([FieldPanel("public_basis"), FieldPanel("public_source")]),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("gender"),
                    FieldPanel("user"),
                ],
                heading=_("Consent and private details"),
            ),
        ],
        base_form_class=staff_forms.PersonForm,
    )


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "site"
    menu_label = _("Networks")
    menu_order = 120
    chooser_viewset_class = DirectoryChooserViewSet
    index_view_class = NetworkIndexView
    list_display = ["name", "name_ar", "convener", BooleanColumn("is_public", label=_("Public"))]
    ordering = ["name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_ar")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("convener"), FieldPanel("is_public")]),
        FieldRowPanel([FieldPanel("description"), FieldPanel("description_ar")]),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
    ]


class StaffMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class DirectoryToolsViewSet(ViewSet):
    """Import, export and the merge log: plain admin views, listed in the directory menu."""

    name = "network_tools"
    url_prefix = "directory-tools"
    icon = "upload"
    menu_label = _("Import")
    menu_order = 130

    def get_urlpatterns(self):
        return [
            path("import/<str:kind>/", import_views.upload, name="upload"),
            path("import/<str:kind>/preview/", import_views.preview, name="preview"),
            path("import/<str:kind>/confirm/", import_views.confirm, name="confirm"),
            path("import/<str:kind>/running/<str:result_id>/", import_views.import_status, name="import_status"),
            path("export/<str:kind>/<str:file_format>/", import_views.export, name="export"),
            path("merges/", merge_views.merge_log, name="merges"),
        ]

    @property
    def menu_url(self):
        return reverse("network_tools:upload", args=["people"])

    def get_menu_item(self, order=None):
        return StaffMenuItem(
            self.menu_label,
            self.menu_url,
            name="network-import",
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
            permission="network.add_person",
        )


class MergeLogMenu(ViewSet):
    """The merge log's place in the menu; its view lives with the other tools."""

    name = "network_merges"
    icon = "history"
    menu_label = _("Merges")
    menu_order = 140

    def get_urlpatterns(self):
        return []

    @property
    def menu_url(self):
        return reverse("network_tools:merges")

    def get_menu_item(self, order=None):
        return StaffMenuItem(
            self.menu_label,
            self.menu_url,
            name="network-merges",
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
            permission="network.view_mergelog",
        )


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "group"
    menu_order = 210
    items = (OrganisationViewSet, PersonViewSet, NetworkViewSet, DirectoryToolsViewSet, MergeLogMenu)


MERGE_LOG_MODEL = MergeLog
