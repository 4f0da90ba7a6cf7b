from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    """Registration for events: settings, questions, registrations and tickets.

    A sub-app of events with its own migrations, so the event pages and the registration
    records evolve independently."""

    name = "events.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from . import signals  # the receivers need the models, which are ready only now

        post_migrate.connect(signals.ensure_organisers_group, dispatch_uid="registrations-organisers-group")
        # A registration deleted (a merge drops the duplicate's) leaves its event's counts.
        from .models import Registration  # the models are ready only now
        from .services.counter import registration_deleted  # it imports the models

        post_delete.connect(registration_deleted, sender=Registration, dispatch_uid="registrations-counter-delete")
