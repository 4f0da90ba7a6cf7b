"""The one error a backup or a restore refuses or fails with."""

from django.utils.translation import gettext as _

from core.errors import DomainError


class BackupError(DomainError):
    """A backup or a restore refused or failed; the database and the media are as they were."""


def failed(program, error):
    return BackupError(
        _("%(program)s failed and nothing was changed: %(error)s") % {"program": program, "error": error},
        "tool_failed",
    )
