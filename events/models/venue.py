"""Venues: reusable places that several events can share, edited as a Wagtail snippet."""

from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from core.text import join, localized
from network.geography import Governorate


class Venue(index.Indexed, models.Model):
    name = models.CharField(
        _("name"), max_length=255, help_text=_("The name in Latin script, for example Al-Mahatta hall.")
    )
    name_ar = models.CharField(_("Arabic name"), max_length=255, blank=True, help_text=_("For example: قاعة المحطة"))
    address = models.CharField(_("address (English)"), max_length=255, blank=True)
    address_ar = models.CharField(_("address (Arabic)"), max_length=255, blank=True)
    city = models.CharField(
        _("city (English)"),
        max_length=120,
        help_text=_("Visitors filter events by city: write it the same way for every venue in that city."),
    )
    city_ar = models.CharField(_("city (Arabic)"), max_length=120, blank=True)
    governorate = models.CharField(
        _("governorate"),
        max_length=20,
        choices=Governorate.choices,
        blank=True,
        help_text=_("For venues in Iraq."),
    )
    country = CountryField(_("country"), default="IQ")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional. With the longitude, the map link points at the exact spot."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_ar")]),
        FieldRowPanel([FieldPanel("address"), FieldPanel("address_ar")]),
        FieldRowPanel([FieldPanel("city"), FieldPanel("city_ar")]),
        FieldRowPanel([FieldPanel("governorate"), FieldPanel("country")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Coordinates"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_ar"),
        index.SearchField("city"),
        index.SearchField("city_ar"),
        index.AutocompleteField("name"),
        index.AutocompleteField("name_ar"),
    ]

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["city", "name"]

    def __str__(self):
        city = self.display_city
        return f"{self.display_name} ({city})" if city and city != self.display_name else self.display_name

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: ValidationError(_("Give both coordinates or neither."), code="half_coordinates")}
            )

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_address(self):
        return localized(self, "address")

    @property
    def display_city(self):
        return localized(self, "city")

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    def one_line(self):
        """Name, address, city and country on one line, for calendar files and schema.org."""
        parts = [self.display_name, self.display_address, self.display_city, str(self.country.name)]
        seen = []
        for part in parts:
            if part and part not in seen:
                seen.append(part)
        return join(seen)

    def name_and_city(self):
        city = self.display_city
        return join([self.display_name, city if city != self.display_name else ""])

    def city_and_country(self):
        return join([self.display_city, str(self.country.name) if self.country else ""])

    def map_url(self):
        """A plain OpenStreetMap link: the exact spot when known, else a search by name and city."""
        if self.has_coordinates:
            lat, lon = f"{Decimal(str(self.latitude)):.6f}", f"{Decimal(str(self.longitude)):.6f}"
            return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=17/{lat}/{lon}"
        with translation.override("en"):
            country = str(self.country.name) if self.country else ""
        query = ", ".join(part for part in [self.name, self.address, self.city, country] if part)
        return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"
