"""The audit trail of personal data leaving the site: an entry per export, import or report
download, against the event's default-language page, worded in the reader's language."""

import pytest
from django.utils import translation
from wagtail.models import PageLogEntry

from events import audit
from tests.factories.registrations import event_page, organiser

pytestmark = pytest.mark.django_db


def test_an_export_is_recorded_against_the_events_page_with_what_left(demo_site):
    event = event_page()
    english = event.localized_for("en")
    user = organiser(edit_pages_under=event.get_parent())
    audit.record(
        english, audit.EXPORT, user, rows=120, format="xlsx", filters={"status": "confirmed"}, columns=["name"], q=""
    )
    entry = PageLogEntry.objects.get(action=audit.EXPORT)
    assert entry.page_id == event.pk and entry.user == user
    assert entry.data == {"rows": 120, "format": "xlsx", "filters": {"status": "confirmed"}, "columns": ["name"]}
    with translation.override("en"):
        assert entry.message == "Export attendee list: 120 rows (XLSX)"
    with translation.override("ar"):
        message = PageLogEntry.objects.get(pk=entry.pk).message
    assert message == "تصدير قائمة المشاركين: 120 صفًا (XLSX)"


def test_an_unknown_kind_of_entry_is_refused(demo_site):
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.record(event_page(), "events.peek", None)
    assert not PageLogEntry.objects.filter(action="events.peek").exists()
