"""The trail of an event's personal data leaving the site. Every attendee export, registration
import and report download is written to Wagtail's audit log against the event's page — who,
when, in which format, with which filters and columns, how many rows — so it shows in the
page's history beside its edits, and in the site-wide log.

``record`` is the one way to write such an entry; ``ACTIONS`` names the kinds, and
``register`` (called from events/wagtail_hooks.py) tells Wagtail how to word them."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import LogFormatter, log

EXPORT = "events.export"
IMPORT = "events.import"
REPORT = "events.report"
ERASE = "events.erase"

ACTIONS = {
    EXPORT: _("Export attendee list"),
    IMPORT: _("Import registrations"),
    REPORT: _("Download report"),
    ERASE: _("Erase personal data after the retention period"),
}


def record(event, action, user, *, rows=None, **details):
    """Writes the audit entry of ``action`` on ``event`` (either language version: the entry
    belongs to the default-language page) by ``user``. ``rows`` is how many people's records
    left or entered; ``details`` say how (``format``, ``filters``, ``columns``, …), as JSON."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    data = {key: value for key, value in details.items() if value not in (None, "", [], {})}
    if rows is not None:
        data["rows"] = rows
    page = event.canonical.specific
    return log(instance=page, action=action, user=user if user and user.is_authenticated else None, data=data)


class _Formatter(LogFormatter):
    """ "Exported 120 rows (XLSX)": the label, with the rows and format the entry holds."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        rows = data.get("rows")
        text = str(self.label)
        if rows is not None:
            counted = ngettext("%(count)s row", "%(count)s rows", rows) % {"count": rows}
            text = f"{text}: {counted}"
        if data.get("format"):
            text = f"{text} ({str(data['format']).upper()})"
        return text


def register(actions):
    """The ``register_log_actions`` hook's work."""
    for action, label in ACTIONS.items():
        actions.register_action(action)(type("Formatter", (_Formatter,), {"label": label}))
