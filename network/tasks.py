"""Background work of the directory: a large import, confirmed by staff, runs as a task (by a
worker in production, inline in the demo) while its page waits for it; a small one runs within
the request. Either way the same function imports it and says what happened."""

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.tasks import reported
from network.errors import ImportProblem
from network.imports import service, storage

# A file up to this size is imported within the request (about 2,000 rows of a CSV); a larger
# one by a task, its page waiting for the outcome.
IN_REQUEST_BYTES = 256 * 1024


def import_file(kind, token, user):
    """Imports the file ``token`` names for ``user``; what to tell them (``reported``)."""
    try:
        name, content = storage.load(token, kind, user)
        report = service.apply(kind, name, content)
    except ImportProblem as problem:
        return reported(False, problem.message)
    storage.discard(token)
    counts = report.counts
    message = _("Imported %(file)s: %(new)s new, %(updated)s updated, %(skipped)s skipped.") % {
        "file": name,
        "new": counts["new"],
        "updated": counts["updated"],
        "skipped": counts["skipped"],
    }
    return reported(True, message)


@task()
def import_directory(kind, token, user_id, language):
    """``import_file`` for the staff member ``user_id``, in their ``language``. Not tried again
    by itself: the import writes all or nothing, and its page tells them to try again."""
    with translation.override(language):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return reported(False, _("This preview is not valid. Upload the file again."))
        return import_file(kind, token, user)
