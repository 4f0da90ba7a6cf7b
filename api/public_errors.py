"""Refusals of the public API: a clear JSON answer in the request's language, never a 500.

    {"detail": "Check these values and send the request again: limit.", "code": "invalid",
     "errors": [{"field": "limit", "message": "Enter a number no greater than 100."}]}

Django Ninja refuses a value a parameter's type does not take (a limit past the largest, a date
that is no date, a kind the site does not know) before an endpoint runs, with pydantic's
English words; ``worded`` words them again in the request's language. The endpoints refuse what
only the data can tell, raising ``not_found`` (a record that is not public: 404) or
``invalid`` (a value the filters of the site's pages do not take: 422), which ``refusals``
answers in the same shape.
"""

import functools
import json
import re

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from core.errors import DomainError
from core.text import join

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


def problem(status, detail, code, fields=None):
    body = {
        "detail": str(detail),
        "code": code,
        "errors": [{"field": name, "message": message} for name, message in (fields or {}).items()],
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def refused(errors):
    """The answer to ``errors`` (pydantic's, or ``invalid``'s) in the active language."""
    fields = {}
    for error in errors:
        location = error.get("loc") or ("request",)
        fields.setdefault(str(location[-1]), _message(error))
    detail = _("Check these values and send the request again: %(fields)s.") % {"fields": join(fields)}
    return problem(422, detail, "invalid", fields)


def refusals(view):
    """Router decorator (after validation): what an endpoint refuses is its answer."""

    @functools.wraps(view)
    def answered(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ValidationError as error:
            return refused(error.errors)
        except DomainError as error:
            return problem(error.status, error.message, error.code)

    return answered


def worded(response):
    """Django Ninja's own refusal (``{"detail": [pydantic's errors]}``) in the active language;
    any other answer as it is."""
    try:
        errors = json.loads(response.content)["detail"]
    except (ValueError, KeyError, TypeError):
        return response
    return refused(errors) if isinstance(errors, list) else response


# pydantic's error types, as a person would be told them.


def _choices(context):
    return join(re.findall(r"'([^']*)'", str(context.get("expected", ""))))


def _number_from(context):
    return _("Enter a number of at least %(limit)s.") % {"limit": context.get("ge")}


def _number_to(context):
    return _("Enter a number no greater than %(limit)s.") % {"limit": context.get("le")}


def _whole(context):
    return _("Enter a whole number.")


def _date(context):
    return _("Enter a date as YYYY-MM-DD.")


def _choice(context):
    return _("Choose one of: %(choices)s.") % {"choices": _choices(context)}


def _length(context):
    return _("Enter at most %(limit)s characters.") % {"limit": context.get("max_length")}


MESSAGES = {
    "missing": lambda context: _("A value is needed."),
    "int_parsing": _whole,
    "int_type": _whole,
    "int_from_float": _whole,
    "greater_than_equal": _number_from,
    "less_than_equal": _number_to,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "date_type": _date,
    "enum": _choice,
    "literal_error": _choice,
    "string_too_long": _length,
}


def _message(error):
    if error.get("type") == OWN:
        return error["msg"]
    word = MESSAGES.get(error.get("type"))
    return word(error.get("ctx") or {}) if word else _("Enter a valid value.")
