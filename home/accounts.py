"""Accounts speak the visitor's language: email subjects carry the site's name in that language,
and signing in, out or confirming an address lands on the home page in that language. The
admin's sign-in is throttled like the site's."""

import time

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from core import mail
from network.validators import validate_email_address


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """As allauth sends it, through the task queue (core/mail.py): a mail server that
        fails does not fail the page, and the message is tried again."""
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        mail.queue(self.render_mail(template_prefix, email, context))

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


class AdminLoginForm(LoginForm):
    """The Wagtail admin's sign-in, counted against the same limits as the site's
    (ACCOUNT_RATE_LIMITS["login_failed"], in the shared cache): failures at either door use up
    the same allowance, per address and per account. allauth's adapter does the counting; a
    successful sign-in gives its own attempt back, as it does on the site."""

    error_messages = {
        **LoginForm.error_messages,
        "too_many_attempts": _("Too many failed sign-in attempts. Wait a few minutes, then try again."),
    }

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        try:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, username=username, email=_account_email(username), password=password
            )
        except ValidationError as error:
            if getattr(error, "code", None) != "too_many_login_attempts":
                raise
            raise ValidationError(self.error_messages["too_many_attempts"], code="too_many_attempts") from error
        if self.user_cache is None:
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def _account_email(login):
    """The email of the account a user name belongs to, else the login as typed: allauth counts
    failures per email, so an account has one count whichever name it is signed in with."""
    if "@" in login:
        return login
    user_model = get_user_model()
    email = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: login}).values_list("email", flat=True).first()
    )
    return email or login


class SignupForm(allauth_forms.SignupForm):
    """Sign-up that turns away bots without a third-party captcha: a field people never see
    (left empty by a person, filled by a bot that fills every field) and the time the form was
    shown, signed, which must lie between ``FASTEST_SIGNUP`` seconds (no person types an email
    and a password twice faster) and ``OLDEST_SIGNUP_FORM``. A refused sign-up says only that
    it was not sent properly and gives a fresh form, so a person sends it again; the honest
    visitors a browser test signs up at a human pace are never refused."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    shown_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].is_trap = True
        # A fresh stamp on every form shown, also the one shown again after a refusal.
        self.data = self.data.copy() if self.is_bound else self.data
        stamp = signup_stamp()
        self.initial["shown_at"] = stamp
        if self.is_bound:
            self._sent_stamp = self.data.get("shown_at", "")
            self.data["shown_at"] = stamp

    def clean(self):
        cleaned = super().clean()
        if not settings.SIGNUP_BOT_CHECK:
            return cleaned
        if self.cleaned_data.get("website") or not _human_pace(getattr(self, "_sent_stamp", "")):
            raise forms.ValidationError(
                _("The form was not sent properly. Check the fields and send it again."), code="not_human"
            )
        return cleaned


SIGNUP_SALT = "multaqa.signup.shown_at"
FASTEST_SIGNUP = 2
OLDEST_SIGNUP_FORM = 24 * 3600


def signup_stamp(shown=None):
    """The signed time a sign-up form was shown (now unless ``shown`` is given), to the
    millisecond, so the pace measured is the visitor's and not a rounding of the clock."""
    shown = time.time() if shown is None else shown
    return signing.TimestampSigner(salt=SIGNUP_SALT).sign(f"{shown:.3f}")


def _human_pace(stamp):
    """True when ``stamp`` is this site's signature of a time between two seconds and a day ago."""
    try:
        shown = float(signing.TimestampSigner(salt=SIGNUP_SALT).unsign(stamp, max_age=OLDEST_SIGNUP_FORM))
    except (signing.BadSignature, ValueError):
        return False
    return FASTEST_SIGNUP <= time.time() - shown <= OLDEST_SIGNUP_FORM
