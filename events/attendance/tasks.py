"""Background work of the attendance app, run by Django's task framework (inline in the demo
and the tests, by a worker in production): drawing the PDFs of print jobs. A drawing that
fails is tried again (core/tasks.py), the job waiting meanwhile; after its last attempt the
job says it failed, and staff who send the task again put it back to waiting."""

import logging
from datetime import timedelta

from core.tasks import final_attempt, retrying_task
from events.attendance.errors import AttendanceError
from events.attendance.exports import service as exports
from events.attendance.models import PrintJob
from events.attendance.services import badges, certificates, printing, sheets

logger = logging.getLogger(__name__)

# What draws each kind of job: ``draw(job, progress)`` → ``(pdf, file name, count)``.
DRAWERS = {
    PrintJob.Kind.BADGES: badges.draw_job,
    PrintJob.Kind.SHEET: sheets.draw_job,
    PrintJob.Kind.CERTIFICATES: certificates.draw_job,
    PrintJob.Kind.EXPORT: exports.draw_job,
}


@retrying_task(max_attempts=3, backoff=timedelta(seconds=30), on_retry=printing.requeue)
def draw_print_job(job_id):
    """Draws a waiting print job, moving its progress as it goes; returns its final state."""
    job = printing.start_drawing(job_id)
    if job is None:
        return None
    try:
        pdf, filename, count = DRAWERS[job.kind](job, printing.progress_of(job))
    except AttendanceError:
        # Nothing left to print: everyone chosen was cancelled since the job was asked for.
        printing.fail(job)
        return job.state
    except Exception:
        logger.exception("Print job %s (%s) failed", job.pk, job.kind)
        if final_attempt():
            printing.fail(job)
        else:
            printing.requeue(job.pk)
        raise
    printing.finish(job, pdf, filename, count)
    return job.state


def start_print_job(event, kind, options, *, total, by=None):
    """Creates a print job and queues its drawing. The job's row is written first, so a
    database queue finds it, and the immediate backend (the demo's) draws it before this
    returns."""
    job = printing.create_job(event, kind, options, total=total, by=by)
    draw_print_job.enqueue(job.pk)
    job.refresh_from_db(fields=["state", "done", "total", "filename", "finished_at"])
    return job
