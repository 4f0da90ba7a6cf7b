"""What the public endpoints refuse, answered as the whole API answers refusals (api/errors.py:
JSON with a code, the message in the request's language, each field at fault named).

A value a parameter's type does not take (a limit past the largest, a date that is no date, a
kind the site does not know) Django Ninja refuses before an endpoint runs; api/errors.py words
it again. The endpoints refuse what only the data can tell: a record that is not public
(``not_found``: 404), a value the filters of the site's pages do not take (``invalid``: 422,
with the filter's own message).
"""

from ninja.errors import ValidationError

from api.errors import OWN
from core.errors import DomainError


def not_found(message):
    return DomainError(message, "not_found")


def invalid(fields):
    """A refusal of the values of ``fields`` (``{field: message}``, messages already worded)."""
    return ValidationError(
        [{"loc": ("query", name), "msg": str(message), "type": OWN} for name, message in fields.items()]
    )


def from_form(form):
    """The errors of one of the site's filter forms, as the public API's refusal."""
    return invalid({name: " ".join(str(message) for message in messages) for name, messages in form.errors.items()})
