from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Webhooks for organisers: the registrations and check-ins of their events, signed and sent
    to the addresses they register. It listens to what events.registrations and
    events.attendance announce; they never import it."""

    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from events.attendance.services.announcements import checked_in  # the apps' models are ready only now
        from events.registrations.services.announcements import registration_changed  # likewise

        from . import services  # it imports the models
        from .delivery import forget_targets  # likewise
        from .models import Endpoint  # likewise

        registration_changed.connect(services.registration_changed, dispatch_uid="webhooks-registration-changed")
        checked_in.connect(services.checked_in, dispatch_uid="webhooks-checked-in")
        post_save.connect(forget_targets, sender=Endpoint, dispatch_uid="webhooks-endpoint-saved")
        post_delete.connect(forget_targets, sender=Endpoint, dispatch_uid="webhooks-endpoint-deleted")
