"""Kind and format labels as the event pages print them: the same words as Django's
``get_FOO_display()``, in the active language."""

import pytest
from django.utils import translation

from core.text import label_of
from events.models import EventPage
from events.models.agenda import Session
from events.models.choices import EventFormat, EventKind, SessionKind


@pytest.mark.parametrize("language", ["ar", "en"])
def test_labels_say_what_djangos_display_says(db, language):
    page = EventPage(kind=EventKind.WORKSHOP, event_format=EventFormat.HYBRID)
    with translation.override(language):
        assert page.kind_label == page.get_kind_display()
        assert page.format_label == page.get_event_format_display()
        for kind in SessionKind.values:
            session = Session(kind=kind)
            assert session.kind_label == session.get_kind_display()
            assert isinstance(session.kind_label, str)


def test_labels_are_in_the_active_language():
    with translation.override("ar"):
        arabic = label_of(EventKind, EventKind.WORKSHOP)
    with translation.override("en"):
        english = label_of(EventKind, EventKind.WORKSHOP)
    assert english == "Workshop"
    assert arabic != english and any("\u0600" <= letter <= "\u06ff" for letter in arabic)


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    assert label_of(SessionKind, "retired-kind") == "retired-kind"
    assert Session(kind="retired-kind").kind_label == Session(kind="retired-kind").get_kind_display()
