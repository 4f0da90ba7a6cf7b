"""The admin's list of failed background tasks, for superusers and those given the permission
to handle them (core.tasks.PERMISSION): each task that failed after its last attempt, with what
it was for, its arguments, the error it met, its attempts and when; and a button that sends it
again (core.tasks.retry). Everyone else meets the not-found page, as for other screens they may
not use."""

import functools
import inspect
import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import tasks
from core.errors import DomainError, report
from events.attendance.models import Certificate, PrintJob
from events.models import EventPage
from events.registrations.models import Registration
from events.registrations.staff.base import in_admin_language
from webhooks.models import Delivery

# How many failed tasks the list shows, the latest first.
SHOWN = 100
# The longest argument shown whole; a longer one, or one that is not a number or a short
# text (a whole email's content), is shown as an ellipsis.
LONGEST_ARGUMENT = 60
LONGEST_ERROR = 300

LABELS = {
    "events.registrations.tasks.send_registration_email": gettext_lazy("Registration email"),
    "events.attendance.services.certificates.send_certificate_email": gettext_lazy("Certificate email"),
    "events.attendance.tasks.draw_print_job": gettext_lazy("Print job (badges, sheets, certificates, lists)"),
    "core.mail.send_message": gettext_lazy("Account email"),
    "network.tasks.import_directory": gettext_lazy("Directory import"),
    "events.registrations.imports.tasks.import_registrations": gettext_lazy("Registration import"),
    "webhooks.tasks.send_delivery": gettext_lazy("Webhook delivery"),
    "webhooks.tasks.fan_out": gettext_lazy("Webhook deliveries of a change"),
}


def argument_text(value):
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and len(value) <= LONGEST_ARGUMENT:
        return json.dumps(value, ensure_ascii=False)
    return "…"


def arguments_text(row):
    data = row.args_kwargs if isinstance(row.args_kwargs, dict) else {}
    shown = [argument_text(value) for value in data.get("args", [])]
    shown += [f"{name}={argument_text(value)}" for name, value in sorted(data.get("kwargs", {}).items())]
    return ", ".join(shown)


def last_line(traceback):
    lines = [line.strip() for line in (traceback or "").splitlines() if line.strip()]
    line = lines[-1] if lines else ""
    return line if len(line) <= LONGEST_ERROR else line[: LONGEST_ERROR - 1] + "…"


# What a task can be for, as its arguments name it (``registration_id``, ``event_id``…), the
# most precise first: a webhook change's deliveries name a registration when there is one, and
# its event otherwise.
KINDS = ("registration", "certificate", "job", "delivery", "event")


def _number(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@functools.cache
def _parameters(task_path):
    """The names of a task's arguments, in order, read from its function: the task itself is
    the one place that says what its arguments are. Empty for a task no longer in the code."""
    try:
        declared = import_string(task_path)
        return tuple(inspect.signature(getattr(declared, "func", declared)).parameters)
    except (ImportError, TypeError, ValueError):
        return ()


def _wanted(row):
    """``(kind, id)`` of what ``row``'s task was for, or None."""
    data = row.args_kwargs if isinstance(row.args_kwargs, dict) else {}
    args = data.get("args", [])
    kwargs = data.get("kwargs", {})
    values = dict(zip(_parameters(row.task_path), args if isinstance(args, list) else [], strict=False))
    values.update(kwargs if isinstance(kwargs, dict) else {})
    for kind in KINDS:
        if _number(values.get(f"{kind}_id")):
            return kind, values[f"{kind}_id"]
    return None


def subjects(rows):
    """``{task id: {"text", "url", "reference"}}``: the registration (its reference) or the
    event each task was for, named by the event's title in the admin's language, with the address of its
    page in the admin (whose own rules decide who may open it). A few grouped queries for the
    whole list, whatever its length; a task for something since deleted has none."""
    wanted = {row.id: found for row in rows if (found := _wanted(row))}

    def ids(kind):
        return {pk for wanted_kind, pk in wanted.values() if wanted_kind == kind}

    of_certificate = dict(Certificate.objects.filter(pk__in=ids("certificate")).values_list("pk", "registration_id"))
    registrations = {
        row["pk"]: row
        for row in Registration.objects.filter(pk__in=ids("registration") | set(of_certificate.values())).values(
            "pk", "reference", "event_id"
        )
    }
    event_of = {
        "job": dict(PrintJob.objects.filter(pk__in=ids("job")).values_list("pk", "event_id")),
        "delivery": dict(Delivery.objects.filter(pk__in=ids("delivery")).values_list("pk", "event_id")),
        "event": {pk: pk for pk in ids("event")},
    }
    event_ids = {row["event_id"] for row in registrations.values()}
    event_ids |= {pk for found in event_of.values() for pk in found.values()}
    canonical = list(EventPage.objects.filter(pk__in=event_ids))
    titles = {event.pk: shown.title for event, shown in zip(canonical, in_admin_language(canonical), strict=True)}
    found = {}
    for task_id, (kind, pk) in wanted.items():
        if kind in ("registration", "certificate"):
            registration = registrations.get(of_certificate.get(pk) if kind == "certificate" else pk)
            if registration and registration["event_id"] in titles:
                found[task_id] = _registration_subject(registration, titles[registration["event_id"]])
        elif event_of[kind].get(pk) in titles:
            event_id = event_of[kind][pk]
            found[task_id] = {"text": titles[event_id], "url": reverse("registrations_admin:event", args=[event_id])}
    return found


def _registration_subject(registration, title):
    return {
        "reference": registration["reference"],
        "text": title,
        "url": reverse("registrations_admin:detail", args=[registration["event_id"], registration["pk"]]),
    }


def listed(row, subject=None):
    return {
        "id": str(row.id),
        "subject": subject,
        "label": LABELS.get(row.task_path, row.task_path.rpartition(".")[2]),
        "path": row.task_path,
        "arguments": arguments_text(row),
        "error": last_line(row.traceback),
        "attempts": len(row.worker_ids or []),
        "enqueued_at": row.enqueued_at,
        "finished_at": row.finished_at,
    }


class FailedTasksOnly:
    def dispatch(self, request, *args, **kwargs):
        if not tasks.may_see_failed_tasks(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class FailedTasksView(FailedTasksOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/tasks/failed.html"
    page_title = gettext_lazy("Failed tasks")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Failed tasks")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failed = tasks.failed_tasks()
        shown = list(failed[:SHOWN])
        about = subjects(shown)
        context["rows"] = [listed(row, about.get(row.id)) for row in shown]
        context["total"] = failed.count()
        context["shown"] = SHOWN
        return context


class RetryView(FailedTasksOnly, View):
    def get(self, request, *args, **kwargs):
        return redirect("task_admin:failed")

    def post(self, request, result_id):
        try:
            row = tasks.retry(result_id, by=request.user)
        except DomainError as error:
            report(request, error)
        else:
            label = LABELS.get(row.task_path, row.task_path.rpartition(".")[2])
            messages.success(request, _("“%(task)s” was sent again.") % {"task": label})
        return redirect("task_admin:failed")
