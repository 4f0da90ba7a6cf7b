from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from wagtail.signals import page_published

        from events import renditions  # the models are ready only now
        from events.listing import index_context  # it queries the models, ready only now
        from events.models import EventIndexPage, EventPage  # the models are ready only now

        EventIndexPage.listing = index_context
        page_published.connect(renditions.on_publish, sender=EventPage, dispatch_uid="event-pictures")
