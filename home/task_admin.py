"""The admin's list of failed background tasks, for superusers and those given the permission
to handle them (core.tasks.PERMISSION): each task that failed after its last attempt, with what
it was for, its arguments, the error it met, its attempts and when; and a button that sends it
again (core.tasks.retry). Everyone else meets the not-found page, as for other screens they may
not use."""

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import tasks
from core.errors import DomainError, report

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


def listed(row):
    return {
        "id": str(row.id),
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
        context["rows"] = [listed(row) for row in failed[:SHOWN]]
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
