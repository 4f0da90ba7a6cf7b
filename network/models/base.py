"""Pieces the directory's models share: bilingual names, kinds, ordering by the visitor's script."""

from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import is_arabic, localized
from network.text import initials


def arabic_first_name():
    """The Arabic name, or the Latin-script one where there is no Arabic name."""
    return Coalesce(NullIf("name_ar", models.Value("")), "name")


class BilingualNameMixin:
    def localized(self, field):
        """The Arabic or Latin-script value of ``field`` for the active language."""
        return localized(self, field)

    @property
    def display_name(self):
        return self.localized("name")

    @property
    def other_name(self):
        """The name in the other script, when it differs (shown under the main one)."""
        other = self.name if is_arabic() else self.name_ar
        return other if other and other != self.display_name else ""

    @property
    def monogram(self):
        """The letters shown where there is no photo or logo."""
        return initials(self.display_name)

    def __str__(self):
        return self.display_name


class ListedPageMixin:
    """The directory page of a record the directory lists while ``is_public`` (organisations,
    networks): its address, from ``url_name`` and the slug, and its bilingual description."""

    url_name = ""

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.slug})

    @property
    def public_url(self):
        """The directory page, or "" when the record is not listed."""
        return self.get_absolute_url() if self.is_public else ""

    @property
    def display_description(self):
        return self.localized("description")


class NamedQuerySet(models.QuerySet):
    def in_display_order(self):
        """Alphabetical in the visitor's script: Arabic names for Arabic pages."""
        if is_arabic():
            return self.order_by(arabic_first_name(), "pk")
        return self.order_by("name", "pk")


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government")
    ACADEMIC = "academic", _("Academic")
    MEDIA = "media", _("Media")
    PRIVATE = "private", _("Private sector")
    INTERNATIONAL = "international", _("International organisation")
    RELIGIOUS = "religious", _("Religious institution")
    YOUTH = "youth", _("Youth team or initiative")
    NETWORK = "network", pgettext_lazy("organisation kind", "Network")


class PublicBasis(models.TextChoices):
    """Why a person's profile may be public."""

    CONSENT = "consent", _("The person consented")
    PUBLISHED_SOURCE = "published_source", _("Named in a published source")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")
