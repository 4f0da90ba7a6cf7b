"""Webhooks in the Wagtail admin: the endpoints' viewset (in the Settings menu, shown to
organisers), its permission policy, and the history's wording of what was done to an
endpoint."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Endpoint
from .views import EndpointPolicy, EndpointViewSet

# Registered before the viewset asks the registry for its model's policy.
register_permission_policy(Endpoint, EndpointPolicy(Endpoint))


@hooks.register("register_admin_viewset")
def register_viewset():
    return EndpointViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("webhooks.rotate_secret", _("Rotate secret"), _("Signing secret replaced"))
    actions.register_action("webhooks.redeliver", _("Redeliver"), _("Delivery sent again"))
