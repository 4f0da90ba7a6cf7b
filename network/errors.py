"""The directory's domain errors: a message for the staff member, in their language, and a
machine code for tests and logs."""


class DirectoryError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


class MergeError(DirectoryError):
    pass


class ImportProblem(DirectoryError):
    """The uploaded file cannot be imported at all (size, format, encoding, columns)."""
