"""The registration services' error: the site's domain error, with the registration that
explains a refusal when there is one (for example ``already_registered``)."""

from core.errors import DomainError


class RegistrationError(DomainError):
    def __init__(self, message, code, registration=None):
        super().__init__(message, code)
        self.registration = registration
