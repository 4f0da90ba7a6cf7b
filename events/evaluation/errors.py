"""The evaluation's refusals: the site's domain error (core/errors.py)."""

from core.errors import DomainError


class EvaluationError(DomainError):
    pass
