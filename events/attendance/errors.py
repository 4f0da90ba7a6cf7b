"""The attendance services' error: the site's domain error, with the attendance record that
explains a refusal when there is one (``already_checked_in``)."""

from core.errors import DomainError


class AttendanceError(DomainError):
    def __init__(self, message, code, record=None, registration=None):
        super().__init__(message, code)
        self.record = record
        self.registration = registration
