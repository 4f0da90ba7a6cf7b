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
]
