"""Organisations, people and the affiliations between them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.cluster import ClusterableModel
from core.text import pick
from network.geography import Governorate, check_place
from network.models.base import (
    BilingualNameMixin,
    Gender,
    ListedPageMixin,
    NamedQuerySet,
    OrganisationKind,
    PublicBasis,
    arabic_first_name,
)
from network.text import monogram, search_text


def validate_links(value):
    """A list of web addresses (profiles, websites)."""
    if not isinstance(value, list):
        raise ValidationError(_("Enter a list of web addresses."), code="invalid_links")
    check = URLValidator(schemes=["http", "https"])
    for link in value:
        try:
            check(link if isinstance(link, str) else "")
        except ValidationError as error:
            raise ValidationError(
                _("“%(link)s” is not a web address."), code="invalid_link", params={"link": link}
            ) from error


class OrganisationQuerySet(NamedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Organisation(BilingualNameMixin, ListedPageMixin, ClusterableModel):
    name = models.CharField(_("name"), max_length=255, help_text=_("The name in Latin script."))
    name_ar = models.CharField(_("Arabic name"), max_length=255, blank=True)
    acronym = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("An acronym such as ICSSI, if it is known by one.")
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.NGO)
    country = CountryField(_("country"), blank=True)
    governorate = models.CharField(_("governorate"), max_length=20, choices=Governorate.choices, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(
        _("social links"),
        default=list,
        blank=True,
        validators=[validate_links],
        help_text=_("Profile addresses, one per line."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = OrganisationQuerySet.as_manager()
    url_name = "network:organisation"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="organisation_name"),
            models.Index(arabic_first_name(), name="organisation_arabic_order"),
            models.Index(fields=["kind"], name="organisation_kind"),
            models.Index(models.F("is_public"), arabic_first_name(), name="organisation_public_arabic"),
            models.Index(fields=["is_public", "name"], name="organisation_public_name"),
        ]

    def clean(self):
        super().clean()
        check_place(self)

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = search_text(self.name, self.name_ar, self.acronym)

    @property
    def monogram(self):
        return monogram(self.display_name, self.acronym)


class PersonQuerySet(NamedQuerySet):
    def public(self):
        """People who agreed to a public profile: the only ones any public page may show."""
        return self.filter(public_profile=True)


class Person(BilingualNameMixin, ClusterableModel):
    name = models.CharField(_("name"), max_length=255, help_text=_("The name in Latin script."))
    name_ar = models.CharField(_("Arabic name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("email"), blank=True, db_index=True, help_text=_("Private: never shown publicly."))
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("Private: never shown publicly."))
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    governorate = models.CharField(_("governorate"), max_length=20, choices=Governorate.choices, blank=True)
    title = models.CharField(_("title (English)"), max_length=255, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=255, blank=True)
    bio = models.TextField(_("biography (English)"), blank=True)
    bio_ar = models.TextField(_("biography (Arabic)"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    links = models.JSONField(
        _("links"), default=list, blank=True, validators=[validate_links], help_text=_("Web addresses, one per line.")
    )
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Listed in the public directory, on the basis recorded below."),
    )
    public_basis = models.CharField(
        _("basis for the public profile"),
        max_length=20,
        choices=PublicBasis.choices,
        default=PublicBasis.CONSENT,
        help_text=_("Consent the person gave, or a published article that names them in public (give it below)."),
    )
    public_source = models.CharField(
        _("published source"),
        max_length=500,
        blank=True,
        help_text=_("The address or the title of the published article that names the person."),
    )
    public_profile_since = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", verbose_name=_("organisations")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Set when the person deleted their account: the record stays, nameless, so that the
    # events they attended keep their counts (network.people.erase_person).
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"], name="person_name"),
            models.Index(arabic_first_name(), name="person_arabic_order"),
            # Public lists count and page through consenting people only.
            models.Index(models.F("public_profile"), arabic_first_name(), name="person_public_arabic_order"),
            models.Index(fields=["public_profile", "name"], name="person_public_name"),
        ]

    def clean(self):
        super().clean()
        check_place(self)
        if self.public_basis == PublicBasis.PUBLISHED_SOURCE and not self.public_source.strip():
            raise ValidationError(
                {"public_source": _("Give the address or the title of the article that names the person.")},
                code="source_required",
            )

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        self.refresh_consent_date()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "public_profile_since"}
        super().save(*args, **kwargs)

    def refresh_search_text(self):
        self.search_text = search_text(self.name, self.name_ar, self.title, self.title_ar)

    def refresh_consent_date(self):
        """The moment of consent, kept only while the profile is public by consent: a profile
        public because an article names the person has a source instead of a date."""
        if self.public_profile and self.public_basis != PublicBasis.CONSENT:
            self.public_profile_since = None
        elif self.public_profile and self.public_profile_since is None:
            self.public_profile_since = timezone.now()
        elif not self.public_profile:
            self.public_profile_since = None

    def get_absolute_url(self):
        """The directory page's address. It answers only while the person has a public
        profile; templates that may show anyone use ``public_url``."""
        return reverse("network:person", kwargs={"slug": self.slug})

    @property
    def public_url(self):
        """The directory page, or "" without consent to a public profile."""
        return self.get_absolute_url() if self.public_profile else ""

    @property
    def display_title(self):
        return self.localized("title")

    @property
    def display_bio(self):
        return self.localized("bio")


class Affiliation(models.Model):
    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role (English)"), max_length=255, blank=True)
    role_ar = models.CharField(_("role (Arabic)"), max_length=255, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("is_primary")]),
        FieldRowPanel([FieldPanel("role"), FieldPanel("role_ar")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-is_primary", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_dates_in_order",
            ),
            models.UniqueConstraint(fields=["person", "organisation", "role"], name="unique_affiliation_role"),
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An affiliation cannot end before it starts.")})

    @property
    def display_role(self):
        return pick(self.role_ar, self.role)


# Wagtail's reference index need not record a person's organisations (the directory shows
# them on the organisation's page); leaving them out lets imports skip re-indexing every
# person they touch. References from event pages to people and organisations are kept.
Affiliation._meta.get_field("organisation").wagtail_reference_index_ignore = True
