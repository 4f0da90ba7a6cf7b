"""Records that belong to the thing a page describes, not to one language version of it.

A Wagtail page exists once per locale; its translations share a ``translation_key``.
Registrations, attendance and the like point at the *canonical* version (the page in the
default locale), so an Arabic and an English visitor register for the same event and
staff see one list whichever language they work in.
"""

from django.utils.functional import cached_property
from wagtail.models import Locale


class CanonicalPageMixin:
    """For page models whose related records are shared across translations."""

    @cached_property
    def canonical(self):
        default_locale = Locale.get_default()
        if self.locale_id == default_locale.pk:
            return self
        return type(self).objects.filter(translation_key=self.translation_key, locale=default_locale).first() or self

    def localized_for(self, language_code):
        """This page in ``language_code`` if it is translated and live, else ``None``."""
        return (
            type(self)
            .objects.live()
            .filter(translation_key=self.translation_key, locale__language_code=language_code)
            .first()
        )
