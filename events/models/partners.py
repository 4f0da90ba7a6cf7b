"""Who stands behind an event (organisations from the directory, with a role) and its topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from events.models.choices import PartnerRole


class EventPartner(Orderable):
    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="event_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER)

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("organiser or partner")
        verbose_name_plural = _("organisers and partners")
        constraints = [
            models.UniqueConstraint(fields=["page", "organisation", "role"], name="unique_event_partner_role"),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("event topic")
        verbose_name_plural = _("event topics")
