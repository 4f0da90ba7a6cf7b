"""The evaluation's refusals: the site's domain error (core/errors.py)."""

from core.errors import DomainError


class EvaluationError(DomainError):
    """``unchanged`` goes with the refusals of a form that changed while it was answered
    (``form_changed``) or came back without the key it was shown with (``form_key``): the
    clean names of the questions the participant saw exactly as they are now, whose answers
    the form shown again keeps (none for ``form_key``: nothing says what was shown).
    ``None`` for every other refusal."""

    def __init__(self, message, code, unchanged=None):
        super().__init__(message, code)
        self.unchanged = unchanged
