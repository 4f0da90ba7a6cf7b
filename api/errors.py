"""How the API, public and staff, answers what it refuses: JSON, the message in the caller's
language (the ``Accept-Language`` header; Arabic by default, as the site), and a code for
programs:

    {"detail": "This event is full.", "code": "full"}

A service's refusal (``DomainError``) keeps its message, code and HTTP status; an event or a
registration the token may not reach is a 404 like one that does not exist; a missing or bad
token is a 401 with ``WWW-Authenticate: Bearer`` (a 429 when the caller is over the rate
limit); input that does not fit the schema is a 422 naming each field at fault; a body that is
not JSON is a 400. Django Ninja words the last three itself, in English: ``reworded`` says them
again. The code is left on the request for the call log (``request.api_error_code``).
"""

import functools
import json
import re

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from core.errors import DomainError
from core.text import join


def answer(request, message, code, status, **extra):
    request.api_error_code = code
    response = JsonResponse(
        {"detail": str(message), "code": code, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


# The pydantic error type of a refusal an endpoint words itself (api/public_errors.invalid).
OWN = "refused"


def refusals(view):
    """Router decorator around each endpoint (after validation), public and staff alike: what it
    refuses is its answer. A service's refusal keeps its message, code and status; values the
    endpoint refused itself are a 422 naming each field; a record out of reach a 404."""

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
        except Http404:
            return answer(request, _("Not found."), "not_found", 404)

    return answered


def field_message(error):
    """A pydantic error about one field, in the caller's language where it is a usual one."""
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(count)s characters.") % {"count": context.get("max_length", "")}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("A whole number is needed.")
    if kind in ("bool_parsing", "bool_type"):
        return _("true or false is needed.")
    if kind in ("literal_error", "enum"):
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        return _("Choose one of: %(choices)s.") % {"choices": join(choices)}
    if kind == "greater_than_equal":
        return _("At least %(value)s.") % {"value": context.get("ge", "")}
    if kind == "less_than_equal":
        return _("At most %(value)s.") % {"value": context.get("le", "")}
    return _("This value is not valid.")


def field_name(location):
    """``["body", "payload", "email"]`` → ``"email"``; ``["query", "page"]`` → ``"page"``."""
    parts = [str(part) for part in location[1:] if part not in ("payload", "paging", "filters")]
    return ".".join(parts) or "body"


def reworded(request, response):
    """Django Ninja's own refusals (a token missing or refused, a value its type does not allow,
    a body it cannot read) in the staff API's words; any other answer as it is."""
    status = response.status_code
    if status == 401:
        refused = getattr(request, "api_auth_error", None)
        if refused is not None:
            return answer(request, refused.message, refused.code, refused.status)
        message = _("Send a personal API token in the header “Authorization: Bearer <token>”.")
        return answer(request, message, "token_missing", 401)
    if getattr(request, "api_error_code", ""):
        return response
    if status == 422:
        try:
            problems = json.loads(response.content)["detail"]
            errors = [{"field": field_name(item["loc"]), "message": field_message(item)} for item in problems]
        except (ValueError, KeyError, TypeError):
            errors = []
        return answer(request, _("Some of what was sent is not valid."), "invalid", 422, errors=errors)
    if status == 400:
        return answer(request, _("The request could not be read: send its body as JSON."), "unreadable", 400)
    return response
