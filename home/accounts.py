"""Accounts speak the visitor's language: email subjects carry the site's name in that language,
and signing in, out or confirming an address lands on the home page in that language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils.translation import gettext

from network.validators import validate_email_address


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"[{gettext('Multaqa')}] {subject}"

    def clean_email(self, email):
        """An address longer than the account's column is refused, not shortened."""
        validate_email_address(email)
        return super().clean_email(email)

    def get_login_redirect_url(self, request):
        return self._in_language(super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request):
        return self._in_language(super().get_signup_redirect_url(request))

    def get_logout_redirect_url(self, request):
        return self._in_language(super().get_logout_redirect_url(request))

    def _in_language(self, url):
        """ "/" means the home page, which lives under the active language's prefix."""
        return reverse("wagtail_serve", args=[""]) if url == "/" else url
