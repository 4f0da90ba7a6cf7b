"""The staff API's call log in the Wagtail admin, for superusers: every call, the latest first,
filtered by outcome, method, user, token and day (Settings → API calls). Everyone else meets
the not-found page, as for other screens they may not use. Each person sees their own tokens'
latest calls on their account's API tokens page."""

import django_filters
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.models import APIToken

from .models import ApiCall

OUTCOMES = [("2", _("Answered (2xx)")), ("4", _("Refused (4xx)")), ("5", _("Failed (5xx)"))]


def may_see_calls(user):
    return bool(user and user.is_active and user.is_superuser)


class ApiCallFilterSet(WagtailFilterSet):
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=OUTCOMES, method="filter_outcome")
    method = django_filters.ChoiceFilter(label=_("Method"), choices=[("GET", "GET"), ("POST", "POST")])
    user = django_filters.ModelChoiceFilter(
        label=_("User"), queryset=lambda request: get_user_model().objects.filter(pk__in=ApiCall.objects.values("user"))
    )
    token = django_filters.ModelChoiceFilter(
        label=_("Token"), queryset=lambda request: APIToken.objects.filter(pk__in=ApiCall.objects.values("token"))
    )
    code = django_filters.CharFilter(label=_("Refusal code"), lookup_expr="exact")
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ApiCall
        fields = []

    def filter_outcome(self, queryset, name, value):
        first = int(value) * 100
        return queryset.filter(status__gte=first, status__lt=first + 100)


class ApiCallsView(IndexView):
    model = ApiCall
    # Superusers only (``dispatch``), not Wagtail's model permissions: there is nothing to edit.
    any_permission_required = None
    permission_policy = None
    page_title = _("API calls")
    header_icon = "code"
    index_url_name = "api_calls:index"
    index_results_url_name = "api_calls:results"
    paginate_by = 50
    default_ordering = "-at"
    filterset_class = ApiCallFilterSet
    columns = [
        DateColumn("at", label=_("When"), sort_key="at"),
        Column("user", label=_("User")),
        Column("token", label=_("Token")),
        Column("method", label=_("Method")),
        Column("path", label=_("Path")),
        Column("status", label=_("Status"), sort_key="status"),
        Column("code", label=_("Refusal code")),
        Column("duration_ms", label=_("Time (ms)"), sort_key="duration_ms"),
        Column("client_ip", label=_("Client address")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_calls(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return ApiCall.objects.select_related("user", "token")

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "-pk")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("API calls")}]


urlpatterns = [
    path("", ApiCallsView.as_view(), name="index"),
    path("results/", ApiCallsView.as_view(results_only=True), name="results"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("api-calls/", include((urlpatterns, "api_calls"), namespace="api_calls"))]


class ApiCallsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_calls(request.user)


@hooks.register("register_settings_menu_item")
def api_calls_menu_item():
    return ApiCallsMenuItem(_("API calls"), reverse("api_calls:index"), icon_name="code", order=910)
