"""The one domain error every service raises, and the one way views answer it.

A service refuses with ``DomainError(message, code)``: ``message`` is translated and shown to
the user as it is, ``code`` is for code, tests and logs. Each wing subclasses it
(``RegistrationError``, ``DirectoryError``; check-in and certificates next) and may carry the
record that explains the refusal. ``status`` is the HTTP status a view answers with when the
refusal ends the request.
"""

from django.contrib import messages

# The HTTP status of a refusal, by code; any other code is a 400.
STATUS_BY_CODE = {
    "not_found": 404,
    "forbidden": 403,
    "email_unverified": 403,
    # Refusals because of the record's current state (seats, window, status).
    "already_registered": 409,
    "already_answered": 409,
    # The evaluation's questions changed while the participant answered them.
    "form_changed": 409,
    "full": 409,
    "closed": 409,
    "not_yet_open": 409,
    "not_active": 409,
    "started": 409,
    # Registration by invitation only: without one, with one used by someone else, revoked.
    "invitation_only": 403,
    "invitation_used": 409,
    "invitation_revoked": 410,
    "busy": 503,
    "too_many_attempts": 429,
}


class DomainError(Exception):
    def __init__(self, message, code):
        super().__init__(str(message))
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)

    @property
    def status(self):
        return STATUS_BY_CODE.get(self.code, 400)


def report(request, error, level=messages.ERROR):
    """Shows the refusal to the user on the next page, in their language: the message is
    stored as text in this request's language (the admin may work in another language than
    the site's pages)."""
    messages.add_message(request, level, str(error.message))
    return error.status
