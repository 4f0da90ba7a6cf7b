"""The network: organisations, people, their affiliations and the networks they belong to.

Names come in two scripts (``name`` as written in Latin script, ``name_ar`` in Arabic);
``display_name`` picks the one for the active language and falls back to the other.
Email, phone and gender are private: no public template, feed or index may use them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.models import ClusterableModel
from wagtail.search import index

from network.geography import Governorate


class BilingualNameMixin:
    def localized(self, field):
        """The Arabic or Latin-script value of ``field`` for the active language."""
        arabic = getattr(self, f"{field}_ar", "")
        latin = getattr(self, field, "")
        if (get_language() or "ar").startswith("ar"):
            return arabic or latin
        return latin or arabic

    @property
    def display_name(self):
        return self.localized("name")

    def __str__(self):
        return self.display_name


class OrganisationKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government")
    ACADEMIC = "academic", _("Academic")
    MEDIA = "media", _("Media")
    PRIVATE = "private", _("Private sector")
    INTERNATIONAL = "international", _("International organisation")
    RELIGIOUS = "religious", _("Religious institution")
    YOUTH = "youth", _("Youth team or initiative")
    NETWORK = "network", _("Network")


class Organisation(BilingualNameMixin, index.Indexed, ClusterableModel):
    name = models.CharField(_("name"), max_length=255, help_text=_("The name in Latin script."))
    name_ar = models.CharField(_("Arabic name"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.NGO)
    country = CountryField(_("country"), blank=True)
    governorate = models.CharField(_("governorate"), max_length=20, choices=Governorate.choices, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    social_links = models.JSONField(
        _("social links"), default=list, blank=True, help_text=_("A list of profile addresses.")
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

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_ar"),
        index.AutocompleteField("name"),
        index.AutocompleteField("name_ar"),
        index.FilterField("kind"),
        index.FilterField("is_public"),
    ]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Person(BilingualNameMixin, index.Indexed, ClusterableModel):
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
    links = models.JSONField(_("links"), default=list, blank=True, help_text=_("A list of web addresses."))
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("The person agreed to be listed in the public directory."),
    )
    public_profile_since = models.DateTimeField(_("consent given"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", verbose_name=_("organisations")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_ar"),
        index.AutocompleteField("name"),
        index.AutocompleteField("name_ar"),
        index.FilterField("public_profile"),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        if self.public_profile and self.public_profile_since is None:
            self.public_profile_since = timezone.now()
        elif not self.public_profile:
            self.public_profile_since = None
        super().save(*args, **kwargs)

    @property
    def display_title(self):
        return self.localized("title")

    @property
    def display_bio(self):
        return self.localized("bio")


class Affiliation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role (English)"), max_length=255, blank=True)
    role_ar = models.CharField(_("role (Arabic)"), max_length=255, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-is_primary", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="affiliation_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"


class Network(BilingualNameMixin, index.Indexed, ClusterableModel):
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

    search_fields = [index.SearchField("name"), index.SearchField("name_ar")]

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]


class NetworkMembership(models.Model):
    """A person or an organisation in a network. Whether a member is new or returning is
    computed from their first participation, never stored."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
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
    cohort = models.CharField(_("cohort or phase"), max_length=120, blank=True)
    joined_at_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("joined at event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
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
