"""Checks on the private details people give (their email address), shared by sign-up, the
profile and the organisers' forms, so a value is refused the same way everywhere instead of
being shortened by the database or a library."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# The longest address an email system delivers to (RFC 5321's path limit less the brackets),
# and the length of every email column.
MAX_EMAIL_LENGTH = 254


def validate_email_length(value):
    """Refuses an address longer than the columns hold (a form's email field checks the
    shape itself)."""
    if len(value or "") > MAX_EMAIL_LENGTH:
        raise ValidationError(
            _("This email address is too long: at most %(limit)s characters are accepted."),
            code="email_too_long",
            params={"limit": MAX_EMAIL_LENGTH},
        )


def validate_email_address(value):
    """Refuses an address longer than the columns hold, or not shaped like an address."""
    validate_email_length(value)
    validate_email(value)
