"""Background work tried again with a growing wait (core/tasks.py) when a worker runs it from
the database queue, as production does: the worker's own loop is run in the test process
(``--batch``: every task that is due, then it stops), and time passing is a task's
``run_after`` moved into the past. Also the print jobs that wait between attempts."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from core import tasks
from core.tasks import retrying_task
from events.attendance import tasks as attendance_tasks
from events.attendance.models import PrintJob
from events.attendance.services import printing
from tests.factories.accounts import UserFactory
from tests.factories.registrations import event_page

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "core.tasks.DatabaseQueue"}}
BACKOFF = timedelta(seconds=10)
CALLS = Counter()


@retrying_task(max_attempts=4, backoff=BACKOFF)
def flaky(name, failures):
    """Fails its first ``failures`` calls for ``name``, then says how many calls it took."""
    CALLS[name] += 1
    if CALLS[name] <= failures:
        raise ConnectionError(f"mail server away (call {CALLS[name]})")
    return CALLS[name]


@pytest.fixture
def queue(settings, monkeypatch):
    return database_queue(settings, monkeypatch)


def database_queue(settings, monkeypatch):
    """The database queue, and ``run()``: a worker takes every task that is due, then stops."""
    settings.TASKS = DATABASE_QUEUE
    CALLS.clear()
    # The worker checks its connection between tasks; the test's transaction is not one to drop.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def time_passes(row):
    """The wait before the row's next attempt is over."""
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now() - timedelta(seconds=1))


def test_a_task_that_fails_twice_is_tried_again_later_each_time_and_then_succeeds(queue):
    row = DBTaskResult.objects.get(pk=flaky.enqueue("twice", 2).id)
    waits = []
    for attempt in (1, 2):
        before = timezone.now()
        queue()
        after = timezone.now()
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY and len(row.worker_ids) == attempt
        assert f"ConnectionError: mail server away (call {attempt})" in row.traceback
        wait = BACKOFF * 2 ** (attempt - 1)
        assert before + wait <= row.run_after <= after + wait
        waits.append(row.run_after - after)
        queue()  # not due yet: the worker leaves it
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY and CALLS["twice"] == attempt
        time_passes(row)
    assert waits[1] > waits[0]  # 10 s after the first failure, 20 s after the second
    queue()
    row.refresh_from_db()
    assert (row.status, row.return_value, len(row.worker_ids), row.traceback) == ("SUCCESSFUL", 3, 3, "")
    assert CALLS["twice"] == 3
    assert not tasks.failed_tasks().exists()


def test_a_task_that_keeps_failing_stops_after_its_last_attempt_and_can_be_sent_again(queue):
    row = DBTaskResult.objects.get(pk=flaky.enqueue("always", 99).id)
    for _attempt in range(4):
        queue()
        time_passes(row)
    row.refresh_from_db()
    assert (row.status, len(row.worker_ids), CALLS["always"]) == ("FAILED", 4, 4)
    assert "mail server away (call 4)" in row.traceback
    assert list(tasks.failed_tasks()) == [row]
    queue()  # failed for good: no fifth attempt
    assert CALLS["always"] == 4

    tasks.retry(row.pk, by=UserFactory(is_superuser=True))
    row.refresh_from_db()
    assert (row.status, row.worker_ids) == ("READY", [])
    assert not tasks.failed_tasks().exists()
    queue()
    assert CALLS["always"] == 5  # run at once, with four attempts again


def test_only_a_failed_task_is_sent_again_and_only_by_those_allowed(queue):
    CALLS["twice"] = 0
    row = DBTaskResult.objects.get(pk=flaky.enqueue("twice", 0).id)
    superuser = UserFactory(is_superuser=True)
    with pytest.raises(tasks.TaskError) as refused:
        tasks.retry(row.pk, by=superuser)  # waiting, not failed
    assert refused.value.code == "gone"
    for nonsense in ("not-a-uuid", "", "0" * 500):
        with pytest.raises(tasks.TaskError):
            tasks.retry(nonsense, by=superuser)
    DBTaskResult.objects.filter(pk=row.pk).update(status=TaskResultStatus.FAILED)
    with pytest.raises(tasks.TaskError) as refused:
        tasks.retry(row.pk, by=UserFactory(is_staff=True))
    assert refused.value.code == "forbidden"
    DBTaskResult.objects.filter(pk=row.pk).update(task_path="events.tasks.gone_from_the_code")
    with pytest.raises(tasks.TaskError) as refused:
        tasks.retry(row.pk, by=superuser)
    assert refused.value.code == "not_runnable"
    assert DBTaskResult.objects.get(pk=row.pk).status == "FAILED"


def test_the_immediate_backend_tries_once_within_the_request(settings):
    """The demo has no worker: a failure there is final at once (and only logged)."""
    CALLS.clear()
    result = flaky.enqueue("inline", 1)
    assert result.status == TaskResultStatus.FAILED and CALLS["inline"] == 1
    assert not DBTaskResult.objects.exists()


def test_a_print_job_waits_between_attempts_and_fails_after_the_last(queue, demo_site, monkeypatch):
    drawn = Counter()

    def broken_then_fine(job, progress):
        drawn["calls"] += 1
        if drawn["calls"] <= 3:
            raise OSError("disk full")
        return b"%PDF-1.4 badges", "badges.pdf", 3

    monkeypatch.setitem(attendance_tasks.DRAWERS, PrintJob.Kind.BADGES, broken_then_fine)
    job = attendance_tasks.start_print_job(event_page(), PrintJob.Kind.BADGES, {"layout": "a6"}, total=3)
    assert job.state == PrintJob.State.QUEUED
    row = DBTaskResult.objects.get(task_path="events.attendance.tasks.draw_print_job")
    for attempt in (1, 2):
        queue()
        job.refresh_from_db()
        assert (job.state, job.finished_at, drawn["calls"]) == (PrintJob.State.QUEUED, None, attempt)
        time_passes(row)
    queue()  # the third and last attempt
    job.refresh_from_db()
    assert job.state == PrintJob.State.FAILED and printing.job_status(job)["finished"]

    tasks.retry(row.pk, by=UserFactory(is_superuser=True))
    job.refresh_from_db()
    assert job.state == PrintJob.State.QUEUED  # waiting again, as its page shows
    queue()
    job.refresh_from_db()
    assert (job.state, job.filename, printing.job_file(job)) == (PrintJob.State.DONE, "badges.pdf", b"%PDF-1.4 badges")


def test_the_sites_queue_writes_the_row_the_librarys_writes(settings, monkeypatch):
    """core.tasks.DatabaseQueue inserts the task's row compiled; the row is the one
    django-tasks-db's own backend writes, field for field."""
    from django_tasks_db.models import DBTaskResult

    rows = []
    for backend in ("django_tasks_db.DatabaseBackend", "core.tasks.DatabaseQueue"):
        settings.TASKS = {"default": {"BACKEND": backend, "QUEUES": ["default", "emails"]}}
        result = flaky.using(priority=3, queue_name="emails").enqueue("row", 1)
        rows.append(DBTaskResult.objects.filter(pk=result.id).values().get())
    library, ours = rows
    assert ours["id"] != library["id"]
    ignored = {"id", "enqueued_at"}
    assert {k: v for k, v in ours.items() if k not in ignored} == {k: v for k, v in library.items() if k not in ignored}
    assert ours["args_kwargs"] == {"args": ["row", 1], "kwargs": {}}
    assert (ours["priority"], ours["queue_name"], ours["status"]) == (3, "emails", "READY")


def test_the_sites_queue_announces_what_it_returns(settings):
    from django_tasks.signals import task_enqueued

    settings.TASKS = {"default": {"BACKEND": "core.tasks.DatabaseQueue"}}
    heard = []

    def listen(sender, task_result, **kwargs):
        heard.append(task_result)

    task_enqueued.connect(listen)
    try:
        result = flaky.enqueue("announced", 0)
    finally:
        task_enqueued.disconnect(listen)
    assert [(r.id, r.args, r.status) for r in heard] == [(result.id, ["announced", 0], "READY")]
    assert result.task.module_path == flaky.module_path
