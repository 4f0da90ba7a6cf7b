"""Admin views for importing and exporting the directory. Each only calls the service and
turns its errors into messages."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import report as report_refusal
from core.tasks import outcome, started_by
from network import exports, uploads
from network import tasks as network_tasks
from network.errors import ImportProblem
from network.imports import service, storage
from network.imports.columns import COLUMNS
from network.models import Organisation, Person
from network.search import matching
from network.staff.filters import OrganisationFilterSet, PersonFilterSet

KINDS = {
    "people": {
        "model": Person,
        "label": gettext_lazy("people"),
        "filters": PersonFilterSet,
        "listing": "wagtailsnippets_network_person:list",
    },
    "organisations": {
        "model": Organisation,
        "label": gettext_lazy("organisations"),
        "filters": OrganisationFilterSet,
        "listing": "wagtailsnippets_network_organisation:list",
    },
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        validators=[uploads.validate_spreadsheet],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("CSV (UTF-8 or Windows Arabic) or XLSX, up to %(size)s MB.") % {
            "size": uploads.megabytes(uploads.spreadsheet_limit())
        }


def _kind(request, kind, action):
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    model = spec["model"]._meta.model_name
    needed = ["add", "change"] if action == "import" else ["view"]
    if not all(request.user.has_perm(f"network.{verb}_{model}") for verb in needed):
        raise PermissionDenied
    return spec


def _upload_page(request, kind, spec, form, status=200):
    context = {
        "kind": kind,
        "kinds": KINDS,
        "spec": spec,
        "form": form,
        "columns": COLUMNS[kind],
        "header_title": _("Import %(kind)s") % {"kind": spec["label"]},
    }
    return render(request, "network/admin/import_upload.html", context, status=status)


def upload(request, kind):
    spec = _kind(request, kind, "import")
    return _upload_page(request, kind, spec, UploadForm())


@require_POST
def preview(request, kind):
    spec = _kind(request, kind, "import")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, kind, spec, form, status=400)
    upload_file = form.cleaned_data["file"]
    content = upload_file.read()
    try:
        report = service.preview(kind, upload_file.name, content)
    except ImportProblem as problem:
        form.add_error("file", problem.message)
        return _upload_page(request, kind, spec, form, status=400)
    token = storage.stash(content, upload_file.name, kind, request.user) if report.can_apply else ""
    context = {
        "kind": kind,
        "spec": spec,
        "report": report,
        "token": token,
        "file_name": upload_file.name,
        "header_title": _("Preview of the import"),
    }
    return render(request, "network/admin/import_preview.html", context)


@require_POST
def confirm(request, kind):
    """A small file is imported at once; a large one by a background task, whose page the
    staff member is sent to."""
    spec = _kind(request, kind, "import")
    token = request.POST.get("token", "")
    try:
        _name, content = storage.load(token, kind, request.user)
    except ImportProblem as problem:
        report_refusal(request, problem)
        return redirect("network_tools:upload", kind)
    if len(content) <= network_tasks.IN_REQUEST_BYTES:
        return _imported(request, kind, spec, network_tasks.import_file(kind, token, request.user))
    result = network_tasks.import_directory.enqueue(kind, token, request.user.pk, get_language())
    if not result.is_finished:
        return redirect("network_tools:import_status", kind, result.id)
    return _imported(request, kind, spec, outcome(result, _("The import could not run. Nothing was imported.")))


def import_status(request, kind, result_id):
    """The page of a large import: waiting while it runs, then what it did. Only the staff
    member who confirmed it finds it."""
    spec = _kind(request, kind, "import")
    result = started_by(network_tasks.import_directory, result_id, request.user, position=2)
    if result is None or result.args[0] != kind:
        raise Http404
    if not result.is_finished:
        context = {"header_title": _("Import %(kind)s") % {"kind": spec["label"]}, "subtitle": ""}
        return render(request, "home/tasks/running.html", context)
    return _imported(request, kind, spec, outcome(result, _("The import could not run. Nothing was imported.")))


def _imported(request, kind, spec, said):
    if not said["ok"]:
        messages.error(request, said["message"])
        return redirect("network_tools:upload", kind)
    messages.success(request, said["message"])
    return redirect(reverse(spec["listing"]))


def export(request, kind, file_format):
    spec = _kind(request, kind, "export")
    if file_format not in exports.FORMATS:
        raise Http404
    queryset = spec["model"].objects.all()
    filters = spec["filters"](request.GET or None, queryset=queryset, request=request)
    queryset = queryset.none() if filters.is_bound and not filters.is_valid() else filters.qs
    queryset = matching(queryset, request.GET.get("q", ""))
    content, content_type, filename = exports.export(kind, queryset, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
