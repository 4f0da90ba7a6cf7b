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
    from tests.factories.network import PersonFactory
    from tests.factories.registrations import SettingsFactory, event_page

    start = dt.datetime(2031, 4, 20, 10, tzinfo=BAGHDAD)
    settings_row = SettingsFactory(event=event_page(start=start, end=start + dt.timedelta(hours=5)))
    with django_capture_on_commit_callbacks(execute=True):
        services.register(settings_row.event, PersonFactory(), language="ar")
    (message,) = mailoutbox
    assert "20 نيسان 2031" in message.body and "أبريل" not in message.body
    assert re.search(r"20 نيسان 2031", message.alternatives[0][0])


# Counted phrases ----------------------------------------------------------------------------

COUNTS = (0, 1, 2, 3, 11, 100)
ROOT = arabic_months.FOLDER.parent.parent
CATALOGUES = [
    ROOT / domain / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    for domain in ("site", "home", "events", "events/registrations", "network")
]


def counted(template_source, count):
    with translation.override("ar"):
        return " ".join(render("{% load i18n %}" + template_source, n=count).split())


def figure(html):
    """A directory figure as read aloud: its value, then its label."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "{% blocktranslate count counter=n %}{{ counter }} event{% plural %}"
            "{{ counter }} events{% endblocktranslate %}",
            ["لا فعاليات", "فعالية واحدة", "فعاليتان", "3 فعاليات", "11 فعالية", "100 فعالية"],
        ),
        (
            "{% blocktranslate count counter=n %}{{ counter }} organisation{% plural %}"
            "{{ counter }} organisations{% endblocktranslate %}",
            ["لا منظمات", "منظمة واحدة", "منظمتان", "3 منظمات", "11 منظمةً", "100 منظمة"],
        ),
        (
            "{% blocktranslate count counter=n %}{{ counter }} person{% plural %}"
            "{{ counter }} people{% endblocktranslate %}",
            ["لا أحد", "شخص واحد", "شخصان", "3 أشخاص", "11 شخصًا", "100 شخص"],
        ),
        (
            "{% blocktranslate count seats=n %}{{ seats }} seat left.{% plural %}"
            "{{ seats }} seats left.{% endblocktranslate %}",
            ["لم يبقَ أي مقعد.", "بقي مقعد واحد.", "بقي مقعدان.", "بقيت 3 مقاعد.", "بقي 11 مقعدًا.", "بقي 100 مقعد."],
        ),
    ],
    ids=["events", "organisations", "people", "seats"],
)
def test_counted_phrases_take_all_six_arabic_forms(source, expected):
    assert [counted(source, count) for count in COUNTS] == expected


@pytest.mark.parametrize(
    ("singular", "plural", "expected"),
    [
        (
            "organisation",
            "organisations",
            ["لا منظمات", "منظمة واحدة", "منظمتان", "3 منظمات", "11 منظمة", "100 منظمة"],
        ),
        ("network", "networks", ["لا شبكات", "شبكة واحدة", "شبكتان", "3 شبكات", "11 شبكةً", "100 شبكة"]),
        (
            "person with a public profile",
            "people with a public profile",
            [
                "لا أحد له ملف عام",
                "شخص واحد له ملف عام",
                "شخصان لهما ملف عام",
                "3 أشخاص لهم ملفات عامة",
                "11 شخصًا لهم ملفات عامة",
                "100 شخص لهم ملفات عامة",
            ],
        ),
    ],
)
def test_directory_figures_say_the_number_with_the_right_form(singular, plural, expected):
    """«33 المنظمات» and «2 الشبكات» read wrong: the label agrees with the number, and the dual
    stands without a digit."""
    source = (
        '{% blocktranslate count counter=n %}<span class="figure-value">{{ counter }}</span> '
        f'<span class="figure-label">{singular}</span>{{% plural %}}'
        '<span class="figure-value">{{ counter }}</span> '
        f'<span class="figure-label">{plural}</span>{{% endblocktranslate %}}'
    )
    assert [figure(counted(source, count)) for count in COUNTS] == expected


def test_staff_messages_count_in_all_six_forms():
    with translation.override("ar"):
        updated = [
            translation.ngettext("%(count)s registration updated.", "%(count)s registrations updated.", n)
            % {"count": n}
            for n in COUNTS
        ]
        too_long = [
            translation.ngettext(
                "Keep it under %(limit)s character (it has %(count)s).",
                "Keep it under %(limit)s characters (it has %(count)s).",
                n,
            )
            % {"limit": n, "count": 250}
            for n in COUNTS
        ]
    assert updated == [
        "لم يُحدَّث أي تسجيل.",
        "حُدِّث تسجيل واحد.",
        "حُدِّث تسجيلان.",
        "حُدِّثت 3 تسجيلات.",
        "حُدِّث 11 تسجيلًا.",
        "حُدِّث 100 تسجيل.",
    ]
    assert too_long[2] == "اختصره إلى حرفين على الأكثر (عدد أحرفه الآن: 250)."
    assert too_long[4] == "اختصره إلى 11 حرفًا على الأكثر (عدد أحرفه الآن: 250)."
    assert too_long[5] == "اختصره إلى 100 حرف على الأكثر (عدد أحرفه الآن: 250)."


def _plural_entries(po):
    """(msgid, forms) of each plural entry of a catalogue."""
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "msgid_plural" not in block:
            continue
        joined = re.sub(r'"\n"', "", block)
        msgid = re.search(r'^msgid "(.*)"$', joined, re.M).group(1)
        forms = dict(re.findall(r'^msgstr\[(\d)\] "(.*)"$', joined, re.M))
        yield msgid, [forms[str(i)] for i in range(6)]


# Placeholders of a plural message that hold words, never its count.
WORDS = {"fields", "language"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_digit_with_the_zero_singular_or_dual_form(po):
    """The zero, singular and dual forms name the count in words («فعاليتان», not «2 فعاليتان»);
    forms 3 to 5 show the number. The count is the first placeholder of the English that does not
    hold words (a list of names, ``fields``; a language's name, ``language``). Django's own "%d"
    messages must keep their %d."""
    for msgid, forms in _plural_entries(po):
        placeholders = [name for name in re.findall(r"%\((\w+)\)s|%d", msgid) if name not in WORDS]
        if not placeholders or "%d" in msgid:
            continue
        number = f"%({placeholders[0]})s"
        assert not any(number in form for form in forms[:3]), (msgid, forms[:3])
        assert all(number in form for form in forms[3:]), (msgid, forms[3:])


EVERY_CATALOGUE = sorted(
    po
    for po in ROOT.glob("**/locale/ar/LC_MESSAGES/django.po")
    if not {".venv", "node_modules"} & set(po.relative_to(ROOT).parts)
)
# A placeholder that stands for a number: Django's %d, the count of a plural entry, or one named
# for what it counts.
NUMBER_NAMES = (
    "count|counter|n|number|total|shown|limit|size|seats|minutes|hours|days|value|people"
    "|attended|recorded|returning|sessions|done|max"
)
NUMBER = re.compile(rf"%d|%\((?:{NUMBER_NAMES})\)[sd]|\{{\{{\s*(?:{NUMBER_NAMES})\s*\}}\}}")
DEFINITE_AFTER_NUMBER = re.compile(rf"(?:{NUMBER.pattern})(?:\s|</?\w+[^>]*>)*(ال\w+)")


def _entries(po):
    """(msgid, [msgstr, ...]) of every entry of a catalogue, plural or not."""
    text = re.sub(r'"\n"', "", po.read_text(encoding="utf-8"))
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if msgid and msgid.group(1):
            yield msgid.group(1), re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', block, re.M)


def test_every_arabic_catalogue_is_checked():
    assert len(EVERY_CATALOGUE) >= 10 and ROOT / "events/attendance/locale/ar/LC_MESSAGES/django.po" in EVERY_CATALOGUE


@pytest.mark.parametrize("po", EVERY_CATALOGUE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_number_is_followed_by_a_definite_noun(po):
    """«4 التسجيلات» reads wrong: after a number the noun is indefinite («4 تسجيلات», «11
    تسجيلًا»). No exception has been needed."""
    found = [(msgid, text) for msgid, texts in _entries(po) for text in texts if DEFINITE_AFTER_NUMBER.search(text)]
    assert not found


def test_the_definite_noun_check_catches_what_it_is_for():
    for wrong in ("%(count)s التسجيلات", "<strong>%(count)s</strong> المشاركين", "{{ count }} الفعاليات", "%d الأحرف"):
        assert DEFINITE_AFTER_NUMBER.search(wrong), wrong
    for right in ("%(count)s تسجيلات", "الـ%(counter)s جلسة", "إن كان %(email)s العنوانَ المؤكَّد"):
        assert not DEFINITE_AFTER_NUMBER.search(right), right


@pytest.mark.parametrize("po", EVERY_CATALOGUE, ids=lambda p: str(p.relative_to(ROOT)))
def test_counted_phrases_change_with_the_count(po):
    """Six plural forms written the same are one form copied: «(1)» where Arabic says «(شخص
    واحد)»."""
    for msgid, forms in _plural_entries(po):
        assert len(set(forms)) > 1, msgid


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            "events.registrations.staff.listings.RegistrationsIndexView",
            ["لا تسجيلات", "تسجيل واحد", "تسجيلان", "3 تسجيلات", "11 تسجيلًا", "100 تسجيل"],
        ),
        (
            "events.registrations.staff.listings.EventsIndexView",
            ["لا فعاليات", "فعالية واحدة", "فعاليتان", "3 فعاليات", "11 فعاليةً", "100 فعالية"],
        ),
        (
            "network.staff.viewsets.OrganisationIndexView",
            ["لا منظمات", "منظمة واحدة", "منظمتان", "3 منظمات", "11 منظمةً", "100 منظمة"],
        ),
        ("network.staff.viewsets.PersonIndexView", ["لا أحد", "شخص واحد", "شخصان", "3 أشخاص", "11 شخصًا", "100 شخص"]),
        (
            "network.staff.viewsets.NetworkIndexView",
            ["لا شبكات", "شبكة واحدة", "شبكتان", "3 شبكات", "11 شبكةً", "100 شبكة"],
        ),
        ("events.wagtail_hooks.VenueIndexView", ["لا أماكن", "مكان واحد", "مكانان", "3 أماكن", "11 مكانًا", "100 مكان"]),
    ],
)
def test_admin_lists_count_their_rows_in_all_six_forms(view, expected):
    """Wagtail writes the number before the model's plural name («7 الفعاليات»); our lists say
    the count as one phrase."""
    from django.utils.module_loading import import_string

    from core.admin_lists import CountedPaginator

    counted = import_string(view).counted
    with translation.override("ar"):
        labels = [CountedPaginator(list(range(n)), 20, counted=counted).items_count_label for n in COUNTS]
    assert labels == expected


@pytest.mark.django_db
def test_the_arabic_registrations_list_counts_its_rows(client, demo_site):
    from django.contrib.auth import get_user_model

    from events.registrations import services
    from tests.factories.network import PersonFactory
    from tests.factories.registrations import SettingsFactory

    settings_row = SettingsFactory()
    for _ in range(3):
        services.register(settings_row.event, PersonFactory())
    client.force_login(get_user_model().objects.create_superuser("boss", "boss@example.org", "x"))
    html = figure(client.get(f"/admin/registrations/event/{settings_row.event_id}/").content.decode())
    assert "3 تسجيلات" in html and "3 التسجيلات" not in html


SHEETS = (
    "{% blocktranslate count counter=n %}Each sheet lists the {{ counter }} confirmed participant in alphabetical"
    " order, with organisation, governorate, gender and a box to sign. It holds personal data: keep printed sheets"
    " safe.{% plural %}Each sheet lists the {{ counter }} confirmed participants in alphabetical order, with"
    " organisation, governorate, gender and a box to sign. It holds personal data: keep printed sheets safe."
    "{% endblocktranslate %}"
)
BREAKDOWNS = (
    "{% blocktranslate count people=n %}The breakdowns below describe the {{ people }} participant who attended"
    " at least once.{% plural %}The breakdowns below describe the {{ people }} participants who attended at least"
    " once.{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (SHEETS, ["يضم كل كشف مشاركًا مؤكَّدًا واحدًا مع", "يضم كل كشف مشاركَين مؤكَّدَين", "يضم كل كشف 3 مشاركين مؤكَّدين"]),
        (
            BREAKDOWNS,
            [
                "تصف التوزيعات أدناه مشاركًا واحدًا حضر",
                "تصف التوزيعات أدناه مشاركَين حضرا",
                "تصف التوزيعات أدناه 3 مشاركين حضروا",
            ],
        ),
    ],
    ids=["sign-in sheets", "report breakdowns"],
)
def test_counted_participants_are_a_number_of_participants(source, expected):
    """«يضم كل كشف المشارك المؤكَّد الوحيد» said "the only confirmed participant": the English
    counts the participants, and so does the Arabic, as it already did from three on."""
    texts = [counted(source, n) for n in (1, 2, 3)]
    assert all(text.startswith(start) for text, start in zip(texts, expected, strict=True)), texts
    assert not any("الوحيد" in text or "المشارك" in text for text in texts), texts


@pytest.mark.django_db
def test_directory_page_figures(client, demo_site):
    from tests.factories.network import NetworkFactory, OrganisationFactory

    OrganisationFactory.create_batch(3)
    NetworkFactory.create_batch(2)
    html = figure(client.get("/ar/directory/").content.decode())
    assert "3 منظمات" in html and "شبكتان" in html
    assert "2 شبكتان" not in html and "2 الشبكات" not in html and "المنظمات 3" not in html


# Roles, formats and kinds -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "female", "male", "unknown"),
    [
        ("speaker", "متحدثة", "متحدث", "متحدث/ة"),
        ("moderator", "مديرة الجلسة", "مدير الجلسة", "مدير/ة الجلسة"),
        ("panellist", "مشاركة في النقاش", "مشارك في النقاش", "مشارك/ة في النقاش"),
        ("trainer", "مدرّبة", "مدرّب", "مدرّب/ة"),
    ],
)
def test_speaker_roles_agree_with_the_person(role, female, male, unknown):
    from events.models.choices import speaker_role_label

    with translation.override("ar"):
        assert speaker_role_label(role, "female") == female
        assert speaker_role_label(role, "male") == male
        assert speaker_role_label(role, "") == unknown
        assert speaker_role_label(role, "undisclosed") == unknown
    with translation.override("en"):
        assert speaker_role_label(role, "female") == speaker_role_label(role, "") == role.capitalize()


def test_a_panellist_is_not_an_interviewer():
    from events.models import SpeakerRole

    with translation.override("ar"):
        assert str(SpeakerRole.PANELLIST.label) == "مشارك في النقاش"
        assert "محاور" not in str(SpeakerRole.PANELLIST.label)


@pytest.mark.django_db
def test_event_page_and_directory_say_the_role_of_a_woman_as_a_woman(client, demo_site):
    from tests.factories.events import at, event_page
    from tests.factories.network import PersonFactory

    fatima = PersonFactory(name="Fatima Hassan", name_ar="فاطمة حسن", gender="female", slug="fatima-hassan")
    ali = PersonFactory(name="Ali Sami", name_ar="علي سامي", gender="male")
    someone = PersonFactory(name="Noor Saad", name_ar="نور سعد", gender="")
    page = event_page(
        slug="roles-forum",
        start=at(2030, 5, 10, 9),
        end=at(2030, 5, 10, 17),
        sessions=[
            {
                "title": "الجلسة الأولى",
                "kind": "panel",
                "start": at(2030, 5, 10, 10),
                "end": at(2030, 5, 10, 11),
                "speakers": [
                    {"person": fatima, "role": "speaker"},
                    {"person": ali, "role": "moderator"},
                    {"person": someone, "role": "panellist"},
                ],
            }
        ],
    )
    html = client.get(page.url).content.decode()
    roles = dict(re.findall(r">([^<>]+)</a><span class=\"agenda-speaker-role\">([^<·]+)", html))
    assert roles == {"فاطمة حسن": "متحدثة", "علي سامي": "مدير الجلسة", "نور سعد": "مشارك/ة في النقاش"}
    profile = client.get("/ar/directory/people/fatima-hassan/").content.decode()
    assert '<span class="badge">متحدثة</span>' in profile
    assert "female" not in profile and "أنثى" not in profile


@pytest.mark.django_db
def test_a_private_speakers_role_does_not_tell_their_gender(client, demo_site):
    from tests.factories.events import at, event_page
    from tests.factories.network import PersonFactory

    huda = PersonFactory(name="Huda Ali", name_ar="هدى علي", gender="female", public_profile=False)
    page = event_page(
        slug="private-roles",
        start=at(2030, 6, 10, 9),
        end=at(2030, 6, 10, 17),
        sessions=[
            {
                "title": "الجلسة",
                "kind": "talk",
                "start": at(2030, 6, 10, 10),
                "end": at(2030, 6, 10, 11),
                "speakers": [{"person": huda, "role": "speaker"}],
            }
        ],
    )
    html = client.get(page.url).content.decode()
    assert 'هدى علي<span class="agenda-speaker-role">متحدث/ة' in html
    assert "متحدثة" not in html


def test_formats_agree_with_any_kind_of_event():
    from events.models import EventFormat

    with translation.override("ar"):
        labels = [str(label) for _value, label in EventFormat.choices]
    assert labels == ["حضوريًا", "عبر الإنترنت", "حضوريًا وعبر الإنترنت"]


def test_the_network_kind_is_not_the_app_name():
    from network.models import OrganisationKind

    with translation.override("ar"):
        assert str(OrganisationKind.NETWORK.label) == "شبكة"
        assert translation.gettext("Network") == "الشبكة"


def test_the_reminder_does_not_assume_a_feminine_title():
    from events.registrations.services.emails import texts

    with translation.override("ar"):
        subject, _heading, message = texts("reminder", "مؤتمر بوينت العراق", None)
    assert message == "نذكّرك بأن موعد مؤتمر بوينت العراق قد اقترب. يُرجى إحضار تذكرتك."


# One term per concept, lists and direction ---------------------------------------------------

TERMS = {
    "Clear filters": "مسح عوامل التصفية",
    "Show results": "عرض النتائج",
    "Show events": "عرض الفعاليات",
    "Hybrid": "حضوريًا وعبر الإنترنت",
    "biography (Arabic)": "النبذة التعريفية (بالعربية)",
    "title (Arabic)": "الصفة (بالعربية)",
    "Title or role (Arabic)": "الصفة (بالعربية)",
    "Organiser": "الجهة المنظِّمة",
    "Organisers and partners": "الجهات المنظِّمة والشريكة",
    "Questions from the organisers": "أسئلة فريق التنظيم",
    "Added by staff": "أضافه فريق التنظيم",
    "name shown publicly": "إظهار الاسم للعموم",
    "Promote from the waiting list": "نقل من قائمة الانتظار إلى المؤكَّدين",
    "Register": "التسجيل",
    "Join the waiting list": "الانضمام إلى قائمة الانتظار",
    # Library strings spelled as the site spells them.
    "Email": "البريد الإلكتروني",
    "Incorrect code.": "الرمز غير صحيح.",
    "Sign-In Code": "رمز تسجيل الدخول",
    "Re-send Verification": "إعادة إرسال رابط التأكيد",
}


@pytest.mark.parametrize(("msgid", "arabic"), TERMS.items(), ids=list(TERMS))
def test_one_term_per_concept(msgid, arabic):
    with translation.override("ar"):
        assert translation.gettext(msgid) == arabic


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogues_avoid_the_words_replaced(po):
    text = po.read_text(encoding="utf-8")
    msgstrs = " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', re.sub(r'"\n"', "", text), re.M))
    for word in ("محاور", "الالكتروني", "كود", "خيارات التصفية", "المدمجة", "منظمو", "المنظمون", "المنظمين"):
        assert word not in msgstrs, word


def test_arabic_lists_are_joined_and_quoted_the_arabic_way():
    from core import text

    with translation.override("ar"):
        assert text.join(["السنة", "", "المدينة"]) == "السنة، المدينة"
        assert text.join(["name", "name_ar"], quote=True) == "«name»، «name_ar»"
    with translation.override("en"):
        assert text.join(["Year", "City"], quote=True) == "“Year”, “City”"


def test_import_messages_list_columns_with_arabic_commas_and_quotes():
    from network.errors import ImportProblem
    from network.imports.checks import map_columns

    with translation.override("ar"), pytest.raises(ImportProblem) as problem:
        map_columns("people", ["name", "colour", "size"])
    assert "«colour»، «size»" in problem.value.message


INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


def test_demo_content_holds_no_invisible_direction_marks_and_standard_hamza():
    sources = [*(ROOT / "fixtures").rglob("*.py")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    assert not INVISIBLE.search(text)
    for spelling in ("الاعلام", "الامني", "الانسان", "ابناء", "احمد "):
        assert spelling not in text, spelling
    assert "خلية الإعلام الأمني" in text and "لحقوق الإنسان" in text and "أبناء النازحين" in text


@pytest.mark.django_db
def test_home_figures_isolate_their_direction(client, demo_site):
    html = client.get("/ar/").content.decode()
    assert '<span class="figure-value"><bdi>+100</bdi></span>' in html
    assert "2 لغتان" not in figure(html)


def test_figures_drop_the_direction_marks_editors_paste_in():
    from home.models import FigureBlock

    block = FigureBlock()
    value = block.clean(block.to_python({"value": "\u200e+100\u200f", "label": "\u2067شاب وشابة\u2069"}))
    assert value["value"] == "+100" and value["label"] == "شاب وشابة"


@pytest.mark.django_db
def test_answers_with_several_choices_are_listed_the_arabic_way(demo_site):
    from events.registrations.services.questions import readable_answers
    from tests.factories.registrations import QuestionFactory, SettingsFactory, event_page

    settings_row = SettingsFactory(event=event_page())
    question = QuestionFactory(
        settings=settings_row,
        field_type="checkboxes",
        label="Topics",
        label_ar="المواضيع",
        choices="Media\nYouth",
        choices_ar="الإعلام\nالشباب",
    )
    with translation.override("ar"):
        ((_label, text),) = readable_answers([question], {question.clean_name: ["Media", "Youth"]})
    assert text == "الإعلام، الشباب"
