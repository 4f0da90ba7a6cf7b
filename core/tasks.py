"""Background work that is tried again when it fails, and the failed work staff may send again.

Django's task framework (django-tasks) runs a task once: a task that raises is left failed. A
task declared with ``retrying_task`` is tried up to ``max_attempts`` times when a worker runs it
from the database queue (django-tasks-db): after a failed attempt its row is put back in the
queue to run again ``backoff × 2^(attempt − 1)`` later (30 s, 1 min, 2 min… for a backoff of
30 s), keeping the error it met; the row's ``worker_ids`` list counts the attempts. After the
last attempt it stays failed, and staff find it in the admin's list of failed tasks
(home/task_admin.py), from which ``retry`` sends it again.

The immediate backend (the demo's) runs a task inline, within the request: there is no one to
run it later, so it is tried once and a failure is only logged.

A task learns whether the attempt it is in is its last through ``final_attempt()``: the print
jobs mark a job failed only then, and put it back in the queue otherwise.
"""

import contextvars
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django_tasks.signals import task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

from core.compiled import insert
from core.errors import DomainError

logger = logging.getLogger(__name__)

# The permission that lets a user who is not a superuser see failed tasks and send them again.
PERMISSION = "django_tasks_database.change_dbtaskresult"


class TaskError(DomainError):
    pass


class DatabaseQueue(DatabaseBackend):
    """django-tasks-db's queue in the database (``TASKS_BACKEND=core.tasks.DatabaseQueue``),
    each task's row written with one compiled INSERT (core/compiled.py): every registration
    queues its email in the transaction that registers. The row is the library's own, field
    for field (tests/test_tasks.py compares the two); its result is made once, not once for
    the ``task_enqueued`` signal and again for the caller."""

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task, args, kwargs):
        return insert(
            DBTaskResult(
                id=self._get_id(),
                args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                priority=task.priority,
                task_path=task.module_path,
                queue_name=task.queue_name,
                run_after=task.run_after,
                backend_name=self.alias,
            )
        )


@dataclass(frozen=True)
class Retry:
    max_attempts: int
    backoff: timedelta
    on_retry: object = None

    def delay(self, attempt):
        """How long to wait after failed attempt number ``attempt`` (1, 2, …)."""
        return self.backoff * 2 ** (attempt - 1)


# Emails: five attempts over a quarter of an hour (1, 2, 4 and 8 minutes apart), so a mail
# server that restarts or refuses for a while loses nothing.
EMAIL_RETRY = {"max_attempts": 5, "backoff": timedelta(minutes=1)}

# What each retrying task allows, by the task's module path (what its queue rows name).
RETRIES = {}

# Whether the attempt now running is the last one it gets (True outside a worker).
_final = contextvars.ContextVar("final_attempt", default=True)


def retrying_task(*, max_attempts=5, backoff=timedelta(seconds=30), on_retry=None, **options):
    """``@task(**options)`` that a worker tries up to ``max_attempts`` times, waiting
    ``backoff``, then twice as long, and so on between attempts. ``on_retry(*args, **kwargs)``,
    when given, readies the task's own records when staff send it again after its last
    attempt (a print job marked failed goes back to waiting)."""
    if max_attempts < 1:
        raise ValueError(max_attempts)

    def decorate(function):
        declared = task(**options)(function)
        RETRIES[declared.module_path] = Retry(max_attempts, backoff, on_retry)
        return declared

    return decorate


def retry_of(task_path):
    return RETRIES.get(task_path)


def final_attempt():
    """False while a worker runs an attempt after which the task will be tried again."""
    return _final.get()


def _queued_in_database(task_result):
    return isinstance(task_result.task.get_backend(), DatabaseBackend)


@receiver(task_started)
def _note_attempt(sender, task_result, **kwargs):
    retry = retry_of(task_result.task.module_path)
    _final.set(retry is None or not _queued_in_database(task_result) or task_result.attempts >= retry.max_attempts)


@receiver(task_finished)
def _schedule_next_attempt(sender, task_result, **kwargs):
    """A failed attempt of a retrying task with attempts left goes back in the queue, to run
    after its back-off; the error it met stays on the row until an attempt succeeds."""
    _final.set(True)
    if task_result.status != TaskResultStatus.FAILED or not _queued_in_database(task_result):
        return
    retry = retry_of(task_result.task.module_path)
    if retry is None or task_result.attempts >= retry.max_attempts:
        return
    try:
        DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now() + retry.delay(task_result.attempts),
            finished_at=None,
        )
    except DatabaseError:
        # The worker goes on to its next task; this one stays failed, in the staff's list.
        logger.exception("Task %s could not be queued for another attempt", task_result.id)


# --- work a person waits for ---------------------------------------------------------------


def reported(ok, message, **details):
    """What a task that a person waits for returns (JSON): whether it did its work and what
    to tell them, in their language."""
    return {"ok": ok, "message": str(message), **details}


def started_by(declared, result_id, user, position):
    """The result of ``declared`` named ``result_id``, if ``user`` started it (their id is its
    argument at ``position``); ``None`` for an unknown or malformed id, another task's result,
    another person's, and a backend that keeps no results (the immediate one)."""
    try:
        result = declared.get_result(str(result_id))
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError, ValueError):
        return None
    if len(result.args) <= position or result.args[position] != user.pk:
        return None
    return result


def outcome(result, failed_message):
    """What a finished task reported (``reported``); ``failed_message`` when it raised."""
    if result.status == TaskResultStatus.SUCCESSFUL and isinstance(result.return_value, dict):
        return result.return_value
    return reported(False, failed_message)


# --- failed tasks, for staff -----------------------------------------------------------------


def may_see_failed_tasks(user):
    return bool(user.is_active and (user.is_superuser or user.has_perm(PERMISSION)))


def failed_tasks():
    """The tasks that failed after their last attempt, the latest first."""
    return DBTaskResult.objects.failed().order_by("-finished_at", "-enqueued_at")


def retry(result_id, *, by):
    """Sends a failed task again: its row goes back in the queue to run at once, its attempts
    counted from zero. Refused to a user who may not see failed tasks, for a row that is not
    a failed task (sent again already, or never there) and for a task whose code or queue is
    gone."""
    if not may_see_failed_tasks(by):
        raise TaskError(_("You may not send tasks again."), "forbidden")
    try:
        result_id = uuid.UUID(str(result_id))
    except ValueError:
        result_id = None
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(id=result_id, status=TaskResultStatus.FAILED).first()
        if result_id is None or row is None:
            raise TaskError(_("This task is not waiting to be sent again: it may have been sent already."), "gone")
        try:
            runnable = isinstance(row.task.get_backend(), DatabaseBackend)
        except Exception:  # noqa: BLE001 - a task removed from the code, or a queue no longer configured
            runnable = False
        if not runnable:
            raise TaskError(_("This task can no longer be run: its code or its queue is gone."), "not_runnable")
        retry_rule = retry_of(row.task_path)
        if retry_rule is not None and retry_rule.on_retry is not None:
            retry_rule.on_retry(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.status = TaskResultStatus.READY
        row.run_after = get_date_max()
        row.worker_ids = []
        row.started_at = row.finished_at = None
        row.save(update_fields=["status", "run_after", "worker_ids", "started_at", "finished_at"])
    return row
