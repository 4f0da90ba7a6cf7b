"""The directory's domain errors: a message for the staff member, in their language, and a
machine code for tests and logs."""

from core.errors import DomainError


class DirectoryError(DomainError):
    pass


class MergeError(DirectoryError):
    pass


class ImportProblem(DirectoryError):
    """The uploaded file cannot be imported at all (size, format, encoding, columns)."""
