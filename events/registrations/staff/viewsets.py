"""The organisers' registration screens as one Wagtail viewset: its menu item (shown to
organisers only) and its addresses under /admin/registrations/, in the
``registrations_admin`` namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from events import converters  # noqa: F401 - registers record_id
from events.permissions import reports_policy

from . import views
from .actions import ENDING
from .bulk_actions import bulk_action
from .imports import ImportStatusView, ImportView
from .invitations import InvitationActionView, InvitationsView
from .listings import EventsIndexView, RegistrationsIndexView
from .messages import MessageDetailView, MessagesIndexView, WriteView


class OrganisersMenuItem(MenuItem):
    """Shown to the organisers and to the reporters given an event."""

    def is_shown(self, request):
        return reports_policy.user_has_permission(request.user)


class RegistrationsViewSet(ViewSet):
    name = "registrations_admin"
    url_prefix = "registrations"
    icon = "form"
    menu_label = _("Registrations")
    menu_name = "registrations"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = OrganisersMenuItem

    def get_urlpatterns(self):
        return [
            path("", EventsIndexView.as_view(), name="index"),
            path("event/<record_id:event_id>/", RegistrationsIndexView.as_view(), name="event"),
            path(
                "event/<record_id:event_id>/results/",
                RegistrationsIndexView.as_view(results_only=True),
                name="event_results",
            ),
            path("event/<record_id:event_id>/bulk/<slug:action>/", bulk_action, name="bulk"),
            path("event/<record_id:event_id>/counts/", views.counts, name="counts"),
            path("event/<record_id:event_id>/write/", WriteView.as_view(), name="write"),
            path("event/<record_id:event_id>/messages/", MessagesIndexView.as_view(), name="messages"),
            path("event/<record_id:event_id>/messages/<record_id:pk>/", MessageDetailView.as_view(), name="message"),
            path(
                "event/<record_id:event_id>/messages/<record_id:pk>/results/",
                MessageDetailView.as_view(results_only=True),
                name="message_results",
            ),
            path("event/<record_id:event_id>/settings/", views.SettingsView.as_view(), name="settings"),
            path("event/<record_id:event_id>/invitations/", InvitationsView.as_view(), name="invitations"),
            path(
                "event/<record_id:event_id>/invitations/results/",
                InvitationsView.as_view(results_only=True),
                name="invitations_results",
            ),
            *(
                path(
                    f"event/<record_id:event_id>/invitations/<record_id:pk>/{action.replace('_', '-')}/",
                    InvitationActionView.as_view(action=action),
                    name=f"invitation_{action}",
                )
                for action in ("send_again", "revoke")
            ),
            path("event/<record_id:event_id>/add/", views.AddRegistrationView.as_view(), name="add"),
            path("event/<record_id:event_id>/import/", ImportView.as_view(), name="import"),
            path(
                "event/<record_id:event_id>/import/<str:result_id>/",
                ImportStatusView.as_view(),
                name="import_status",
            ),
            path(
                "event/<record_id:event_id>/registration/<record_id:pk>/",
                views.RegistrationDetailView.as_view(),
                name="detail",
            ),
            path(
                "event/<record_id:event_id>/registration/<record_id:pk>/answers/",
                views.ChangeAnswersView.as_view(),
                name="answers",
            ),
            path(
                "event/<record_id:event_id>/registration/<record_id:pk>/replace/",
                views.ReplaceRegistrationView.as_view(),
                name="replace",
            ),
            *(
                path(
                    f"event/<record_id:event_id>/registration/<record_id:pk>/{action}/",
                    views.EndRegistrationView.as_view(action=action),
                    name=action,
                )
                for action in ENDING
            ),
        ]


registrations_viewset = RegistrationsViewSet()
