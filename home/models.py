import re

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.search import index

from core.text import localized
from events.blocks import BodyBlock
from events.queries import upcoming_events
from events.translation import translation_of
from network.folding import FOLDED, FoldedSearchMixin

# Left-to-right, right-to-left and isolate marks: invisible, and pasted in with figures such as
# "+100". The page isolates each figure's direction itself (<bdi>), so they are dropped on save.
DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=20, help_text=_("For example 100+ or 8"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=80)

    def clean(self, value):
        value = super().clean(value)
        for name in ("value", "label"):
            value[name] = DIRECTION_MARKS.sub("", value[name]).strip()
        return value

    class Meta:
        icon = "pick"
        label = _("Figure")


class HomePage(FoldedSearchMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name=_("figures"),
        blank=True,
        help_text=_("Numbers shown under the hero, such as participants or countries."),
    )
    body = RichTextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("figures"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body"), FOLDED]
    folded_fields = ("title", "hero_title", "hero_text", "body")
    subpage_types = ["home.StandardPage", "events.EventIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = upcoming_events(self.locale, limit=3)
        return context


class StandardPage(FoldedSearchMixin, Page):
    """About, contact and other site-wide pages."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body"), FOLDED]
    folded_fields = ("title", "search_description", "introduction", "body")
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SiteSettingPermissionPolicy(SitePermissionPolicy):
    """Wagtail's policy for a site's settings, but the sites someone may change them for are
    ordered by their id: the sites' own ordering (by expressions) beside the policy's DISTINCT
    is refused by PostgreSQL, and an admin user without the right met an error page there
    instead of "no permission"."""

    def sites_user_has_any_permission_for(self, user, actions):
        return super().sites_user_has_any_permission_for(user, actions).order_by("pk")


@register_setting(icon="site")
class SiteChrome(BaseSiteSetting):
    """What the footer shows besides the navigation: a contact address, the publisher and
    the privacy page."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    publisher = models.CharField(
        _("publisher (English)"), max_length=200, blank=True, help_text=_("Who publishes the site.")
    )
    publisher_ar = models.CharField(_("publisher (Arabic)"), max_length=200, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page that says what personal data the site holds; the footer links to it."),
    )

    # Read with the settings (Wagtail's for_site), for the footer's privacy link.
    select_related = ["privacy_page", "privacy_page__locale"]

    panels = [
        FieldPanel("contact_email"),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("publisher_ar")]),
        FieldPanel("privacy_page"),
    ]

    @classmethod
    def get_permission_policy(cls):
        return SiteSettingPermissionPolicy(cls)

    @property
    def display_publisher(self):
        """The publisher in the active language, or in the other when only that is given."""
        return localized(self, "publisher")

    @property
    def privacy_url(self):
        """The privacy page in the active language ("" without a live one)."""
        page = self.privacy_page
        if page is None or not page.live:
            return ""
        # Wagtail's ``page.localized`` in at most one query instead of two (the page comes with
        # its locale): the page itself in its own language, else its live translation in the
        # active language, else the page.
        return (translation_of(page, get_language()) or page).url

    class Meta:
        verbose_name = _("site chrome")
