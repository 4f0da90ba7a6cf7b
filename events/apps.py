from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from events.listing import index_context  # needs the models, which are ready only now
        from events.models.index import EventIndexPage  # the same

        EventIndexPage.listing = index_context
