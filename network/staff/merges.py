"""Merging duplicates from the admin: select two people (or two organisations) in the
listing, choose "Merge", pick the record to keep. The merge itself is network.merge."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from core.errors import report
from network.errors import MergeError
from network.merge import merge_organisations, merge_people, would_drop
from network.models import MergeLog, Organisation, Person


class MergeForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MergeBulkAction(SnippetBulkAction):
    """Base for the two merge actions; shown in the listing's bulk-action bar."""

    display_name = gettext_lazy("Merge")
    action_type = "merge"
    aria_label = gettext_lazy("Merge the two selected records")
    template_name = "network/admin/merge_confirm.html"
    action_priority = 60
    form_class = MergeForm
    merge = None

    def check_perm(self, obj):
        model = self.model._meta.model_name
        user = self.request.user
        return user.has_perm(f"network.change_{model}") and user.has_perm(f"network.delete_{model}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exactly_two"] = len(context["items"]) == 2 and not context.get("items_with_no_access")
        records = [item["item"] for item in context["items"]]
        context["comparison"] = [
            (self.model._meta.get_field(name).verbose_name, [_display(record, name) for record in records])
            for name in self.comparison_fields
        ]
        if context["exactly_two"]:
            first, second = records
            context["choices"] = [
                {"keep": first, "other": second, "dropped": would_drop(first, second)},
                {"keep": second, "other": first, "dropped": would_drop(second, first)},
            ]
        return context

    def form_valid(self, form):
        objects, rest = self.get_actionable_objects()
        if len(objects) != 2 or rest.get("items_with_no_access"):
            messages.error(self.request, _("Select exactly two records you may edit and delete to merge them."))
            return redirect(self.next_url)
        chosen = form.cleaned_data.get("survivor")
        survivor = next((obj for obj in objects if obj.pk == chosen), None)
        if survivor is None:
            messages.error(self.request, _("Choose which of the two records to keep."))
            return redirect(self.request.get_full_path())
        duplicate = next(obj for obj in objects if obj.pk != survivor.pk)
        try:
            log = type(self).merge(survivor, duplicate, user=self.request.user)
        except MergeError as error:
            report(self.request, error)
            return redirect(self.next_url)
        messages.success(
            self.request,
            _("“%(duplicate)s” was merged into “%(survivor)s”.")
            % {"duplicate": log.duplicate_label, "survivor": log.survivor_label},
        )
        return redirect(reverse(self.model.snippet_viewset.get_url_name("edit"), args=[quote(survivor.pk)]))

    @classmethod
    def execute_action(cls, objects, **kwargs):
        raise NotImplementedError  # form_valid calls the merge service directly


class MergePeopleBulkAction(MergeBulkAction):
    models = [Person]
    merge = staticmethod(merge_people)
    comparison_fields = ["name", "name_ar", "slug", "email", "phone", "title", "country", "public_profile"]


class MergeOrganisationsBulkAction(MergeBulkAction):
    models = [Organisation]
    merge = staticmethod(merge_organisations)
    comparison_fields = ["name", "name_ar", "slug", "acronym", "kind", "country", "website", "is_public"]


def _display(record, name):
    value = getattr(record, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    display = getattr(record, f"get_{name}_display", None)
    if display is not None:
        return display()
    return getattr(value, "name", value) or "—"


def merge_log(request):
    if not request.user.has_perm("network.view_mergelog"):
        raise PermissionDenied
    page = Paginator(MergeLog.objects.select_related("merged_by"), 50).get_page(request.GET.get("p"))
    for entry in page.object_list:
        entry.moved_shown = [(_relation_name(key), count) for key, count in entry.moved.items()]
        entry.dropped_shown = [(_model_name(row["model"]), row["label"]) for row in entry.dropped]
    return render(request, "network/admin/merge_log.html", {"page": page, "header_title": _("Merges")})


def _model_name(label):
    """A model's name in the staff member's language, from the label the log keeps
    ("registrations.Registration"); the label itself for a model that is gone."""
    try:
        return apps.get_model(label)._meta.verbose_name_plural
    except (LookupError, ValueError):
        return label


def _relation_name(key):
    """A relation the log keeps ("registrations.Registration.person") as "registrations (person)",
    translated."""
    label, _dot, field = key.rpartition(".")
    try:
        model = apps.get_model(label)
        return f"{model._meta.verbose_name_plural} ({model._meta.get_field(field).verbose_name})"
    except (LookupError, ValueError, FieldDoesNotExist):
        return key
