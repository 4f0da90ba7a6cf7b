"""Strings of the libraries Multaqa uses whose Arabic is missing or inconsistent there.

Listed here so that `make messages` puts them in the site catalogue, whose translations take
precedence over those of Django, Wagtail and django-allauth. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    # Django 5.2's password validator: its Arabic catalogue only has the older wording.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
    # Wagtail says "رمز المرور" and allauth "كلمة المرور": sign-in forms show both otherwise.
    gettext_noop("Password"),
    # django-allauth's Arabic writes «البريد الالكتروني» and «كود» where the site writes
    # «البريد الإلكتروني» and «رمز», drops hamzas («او», «ارسال») and types invisible direction
    # marks into some sentences. These show on the account pages and in their emails.
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Current email"),
    gettext_noop("Incorrect code."),
    gettext_noop("Invalid or expired key."),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Bad Token"),
    gettext_noop("Sign-In Code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Primary"),
    gettext_noop("Make Primary"),
    gettext_noop("Verified"),
    gettext_noop("Unverified"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Remove"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Your account has no verified email address."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Primary email address set."),
    gettext_noop("Password (again)"),
    gettext_noop("New Password (again)"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Set Password"),
    gettext_noop("Enter your password:"),
    gettext_noop("Email Changed"),
    gettext_noop("Email Removed"),
    gettext_noop("Your email has been confirmed."),
]
