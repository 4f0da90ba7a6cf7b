"""A person's record in the admin, watched: opening it is written to the audit log (it shows
their private details), and its history lists every entry about them — edits and merges of
the record, and what other apps wrote about the person (an event's staff cancelling their
registration, recording their attendance, issuing their certificate), as far as the reader
may see those."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.models import ModelLogEntry
from wagtail.snippets.views.snippets import EditView, HistoryView

from network import audit


class PersonEditView(EditView):
    """The record's form, which shows the person's email, phone and gender."""

    def get(self, request, *args, **kwargs):
        audit.viewed(request.user, self.object, "directory")
        return super().get(request, *args, **kwargs)

    def get_last_updated_info(self):
        """The last change to the record, not the last look at it."""
        return audit.own_entries(self.object).exclude(action=audit.VIEW).select_related("user").first()


def _where(entry):
    """The event an entry was written on (its page's title), or the directory."""
    return _("Directory") if isinstance(entry, ModelLogEntry) else entry.label


class PersonHistoryView(HistoryView):
    """Entries of several log models, newest first: Wagtail's filters work on one model's
    entries, so this list has none."""

    filterset_class = None

    @cached_property
    def sources(self):
        return audit.history_sources(self.request.user, self.object)

    @cached_property
    def columns(self):
        action, *rest = super().columns
        return [action, Column("where", label=_("Where"), accessor=_where, width="25%"), *rest]

    def get_base_queryset(self):
        return audit.history(self.sources)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, paginated = super().paginate_queryset(queryset, page_size)
        return paginator, page, audit.entries_of(self.sources, rows), paginated
