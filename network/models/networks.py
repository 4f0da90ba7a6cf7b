"""Networks (coalitions, programme networks) and their members."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.cluster import ClusterableModel
from network.models.base import BilingualNameMixin, ListedPageMixin, NamedQuerySet
from network.models.directory import Organisation, Person
from network.text import search_text


class NetworkQuerySet(NamedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Network(BilingualNameMixin, ListedPageMixin, ClusterableModel):
    """A coalition or programme network, such as a dialogue network or a national alliance."""

    name = models.CharField(_("name"), max_length=255)
    name_ar = models.CharField(_("Arabic name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    convener = models.ForeignKey(
        Organisation,
        verbose_name=_("convened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convened_networks",
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = NetworkQuerySet.as_manager()
    url_name = "network:network"

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name, self.name_ar)
        super().save(*args, **kwargs)


class NetworkMembership(BilingualNameMixin, models.Model):
    """A person or an organisation in a network.

    Whether a member is new or returning is never stored: it follows from their first
    participation (see ``first_participation`` and network.membership)."""

    network = ParentalKey(Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network"))
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    cohort = models.CharField(_("cohort or phase (English)"), max_length=120, blank=True)
    cohort_ar = models.CharField(_("cohort or phase (Arabic)"), max_length=120, blank=True)
    joined_at_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("joined at event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("person"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("cohort"), FieldPanel("cohort_ar")]),
        FieldRowPanel([FieldPanel("joined_on"), FieldPanel("joined_at_event")]),
    ]

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(organisation__isnull=True))
                | (Q(person__isnull=True) & Q(organisation__isnull=False)),
                name="membership_person_xor_organisation",
            ),
            models.UniqueConstraint(fields=["network", "person"], name="unique_person_membership"),
            models.UniqueConstraint(fields=["network", "organisation"], name="unique_organisation_membership"),
        ]

    def __str__(self):
        return f"{self.person or self.organisation} — {self.network}"

    def clean(self):
        super().clean()
        if bool(self.person_id) == bool(self.organisation_id):
            raise ValidationError(_("Choose either a person or an organisation as the member."))

    @property
    def display_cohort(self):
        return self.localized("cohort")

    @property
    def first_participation(self):
        """The earliest date the member is known to have taken part: the day they joined or
        the start of the event they joined at, whichever is earlier."""
        dates = [self.joined_on]
        if self.joined_at_event_id and self.joined_at_event is not None:
            dates.append(timezone.localtime(self.joined_at_event.start).date())
        dates = [date for date in dates if date is not None]
        return min(dates) if dates else None

    def is_new_at(self, date):
        """New at ``date`` when the member first took part on or after that day."""
        first = self.first_participation
        return first is None or first >= date
