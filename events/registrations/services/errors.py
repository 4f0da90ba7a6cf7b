"""The one error the registration services raise: a translated message and a machine code."""


class RegistrationError(Exception):
    """``message`` is shown to the user as it is; ``code`` is for code and tests.

    ``registration`` is the existing registration when that explains the refusal
    (for example ``already_registered``)."""

    def __init__(self, message, code, registration=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.registration = registration

    def __str__(self):
        return str(self.message)
