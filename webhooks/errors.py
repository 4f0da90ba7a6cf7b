"""The webhooks' error: the site's domain error (a translated message and a code)."""

from core.errors import DomainError


class WebhookError(DomainError):
    pass
