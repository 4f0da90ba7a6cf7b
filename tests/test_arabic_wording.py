"""Arabic that reads right: one set of month names everywhere, counted phrases in all six
Arabic plural forms, speaker roles that agree with the person, one term per concept."""

import datetime as dt
import gettext
import re
import subprocess
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

import arabic_months
from events import dates

BAGHDAD = zoneinfo.ZoneInfo("Asia/Baghdad")
LEVANTINE = arabic_months.STYLES["levantine"]
EGYPTIAN = arabic_months.STYLES["egyptian"]


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.fixture
def egyptian_months(settings):
    settings.ARABIC_MONTH_NAMES = "egyptian"
    settings.LOCALE_PATHS = arabic_months.locale_paths("egyptian", settings.LOCALE_PATHS[-1])


# Month names ------------------------------------------------------------------------------


def test_levantine_month_names_are_the_default(settings):
    assert settings.ARABIC_MONTH_NAMES == "levantine"
    with translation.override("ar"):
        names = [render('{{ day|date:"F" }}', day=dt.date(2018, month, 1)) for month in range(1, 13)]
    assert names == LEVANTINE
    assert names[2] == "آذار" and names[7] == "آب" and names[9] == "تشرين الأول"


def test_every_date_format_uses_the_chosen_names():
    """Full (F), short (M), AP style (N) and the long form some locales use (E)."""
    with translation.override("ar"):
        source = '{{ d|date:"j F Y" }} | {{ d|date:"j M Y" }} | {{ d|date:"N" }} | {{ d|date:"E" }}'
        text = render(source, d=dt.date(2018, 3, 4))
    assert text == "4 آذار 2018 | 4 آذار 2018 | آذار | آذار"


def test_event_dates_in_arabic_and_english():
    start, end = dt.datetime(2018, 8, 10, 9, tzinfo=BAGHDAD), dt.datetime(2018, 8, 11, 17, tzinfo=BAGHDAD)
    with translation.override("ar"):
        assert dates.date_range(start, end, BAGHDAD) == "10–11 آب 2018"
        assert dates.tile(start, end, BAGHDAD)["month"] == "آب"
        later = dt.datetime(2018, 10, 2, 17, tzinfo=BAGHDAD)
        assert dates.date_range(start, later, BAGHDAD) == "10 آب – 2 تشرين الأول 2018"
    with translation.override("en"):
        assert dates.date_range(start, end, BAGHDAD) == "10–11 August 2018"


def test_egyptian_month_names_are_the_other_choice(egyptian_months):
    with translation.override("ar"):
        names = [render('{{ day|date:"F" }}', day=dt.date(2018, month, 1)) for month in range(1, 13)]
        start = dt.datetime(2018, 8, 10, 9, tzinfo=BAGHDAD)
        assert dates.date_range(start, start, BAGHDAD) == "10 أغسطس 2018"
    assert names == EGYPTIAN


def test_an_unknown_style_is_refused():
    assert arabic_months.choice("") == "levantine"
    assert arabic_months.choice(" Egyptian ") == "egyptian"
    with pytest.raises(ValueError, match="levantine, egyptian"):
        arabic_months.choice("maghrebi")


@pytest.mark.parametrize("style", sorted(arabic_months.STYLES))
def test_month_catalogues_are_written_from_the_lists_and_compiled(style, tmp_path):
    po = arabic_months.po_path(style)
    assert po.read_text(encoding="utf-8") == arabic_months.catalogue(style), "run make messages"
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)  # noqa: S603, S607
    with fresh.open("rb") as a, po.with_suffix(".mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, "run make messages"


@pytest.mark.django_db
def test_month_view_heading_and_event_dates(client, demo_site):
    from tests.factories.events import at, event_page

    event_page(title="ملتقى آذار", slug="march-forum", start=at(2030, 3, 10, 9), end=at(2030, 3, 11, 17))
    html = client.get("/ar/events/?view=month&month=2030-03").content.decode()
    assert "آذار 2030" in html and "مارس" not in html
    page = client.get("/ar/events/march-forum/").content.decode()
    assert "10–11 آذار 2030" in page and "مارس" not in page


@pytest.mark.django_db
def test_confirmation_email_names_the_month_the_levantine_way(
    demo_site, django_capture_on_commit_callbacks, mailoutbox
):
    from events.registrations import services
    from tests.factories.registrations import PersonFactory, SettingsFactory, event_page

    start = dt.datetime(2031, 4, 20, 10, tzinfo=BAGHDAD)
    settings_row = SettingsFactory(event=event_page(start=start, end=start + dt.timedelta(hours=5)))
    with django_capture_on_commit_callbacks(execute=True):
        services.register(settings_row.event, PersonFactory(), language="ar")
    (message,) = mailoutbox
    assert "20 نيسان 2031" in message.body and "أبريل" not in message.body
    assert re.search(r"20 نيسان 2031", message.alternatives[0][0])
