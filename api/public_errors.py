"""What the public endpoints refuse, answered as the whole API answers refusals (api/errors.py:
JSON with a code, the message in the request's language, each field at fault named).

A value a parameter's type does not take (a limit past the largest, a date that is no date, a
kind the site does not know) Django Ninja refuses before an endpoint runs; api/errors.py words
it again. The endpoints refuse what only the data can tell: a record that is not public
(``not_found``: 404), a value the filters of the site's pages do not take (``invalid``: 422,
with the filter's own message).
"""

import functools

from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from api.errors import answer, field_message, field_name
from core.errors import DomainError

# The pydantic error type of a refusal an endpoint words itself.
OWN = "refused"


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


def refusals(view):
    """Router decorator (after validation): what a public endpoint refuses is its answer."""

    @functools.wraps(view)
    def answered(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as error:
            fields = [
                {
                    "field": field_name(item["loc"]),
                    "message": item["msg"] if item["type"] == OWN else field_message(item),
                }
                for item in error.errors
            ]
            return answer(request, _("Some of what was sent is not valid."), "invalid", 422, errors=fields)
        except DomainError as error:
            return answer(request, error.message, error.code, error.status)

    return answered
