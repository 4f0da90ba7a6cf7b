"""Factories for registration tests: verified participants, events that take registrations,
their questions and registrations."""

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from events.registrations.models import (
    QuestionType,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
)
from events.registrations.signals import ORGANISERS_GROUP
from tests.factories.accounts import UserFactory
from tests.factories.indexing import indexed_once
from tests.factories.network import PersonFactory

_event_numbers = itertools.count(1)


def participant(verified=True, **person_fields):
    """A signed-up user and the Person linked to them."""
    user = UserFactory(verified=verified)
    person = PersonFactory(participant=True, user=user, email=user.email, **person_fields)
    return user, person


@indexed_once()
def event_page(index=None, *, title=None, start=None, end=None, english=True, **fields):
    """A live event under the Arabic events index (and its English translation)."""
    from wagtail.models import Locale

    from events.models import EventIndexPage, EventPage

    number = next(_event_numbers)
    start = start or timezone.now() + dt.timedelta(days=10)
    end = end or start + dt.timedelta(hours=6)
    index = index or EventIndexPage.objects.get(locale__language_code="ar")
    field_names = {field.name for field in EventPage._meta.get_fields()}
    values = {"event_format": "online", "time_zone": "Asia/Baghdad", **fields}
    if "online_link" in field_names:
        values.setdefault("online_link", f"https://meet.example.org/room-{number}")
    page = EventPage(title=title or f"ورشة رقم {number}", slug=f"event-{number}", start=start, end=end, **values)
    index.add_child(instance=page)
    page.save_revision().publish()
    page = EventPage.objects.get(pk=page.pk)
    if english:
        translation = page.copy_for_translation(Locale.objects.get(language_code="en"))
        translation.title = f"Workshop number {number}"
        translation.save_revision().publish()
    return page


def english_of(page):
    from events.models import EventPage

    return EventPage.objects.get(translation_key=page.translation_key, locale__language_code="en")


class SettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationSettings

    event = factory.LazyFunction(event_page)
    capacity = 10
    waitlist_enabled = True
    approval_required = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    settings = factory.SubFactory(SettingsFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    label_ar = factory.Sequence(lambda n: f"سؤال {n}")
    field_type = QuestionType.SHORT_TEXT
    required = True
    sort_order = factory.Sequence(int)


def organisation_questions(settings, which=("Which organisation do you represent?", "أي منظمة تمثّل؟")):
    """ "Do you attend for an organisation?" (yes or no, required) and, asked only on Yes, the
    required question ``which`` (its English and Arabic wording). Returns both."""
    for_organisation = RegistrationQuestion.objects.create(
        settings=settings,
        sort_order=0,
        label="Do you attend for an organisation?",
        label_ar="هل تحضر باسم منظمة؟",
        field_type=QuestionType.YES_NO,
        required=True,
    )
    which_one = RegistrationQuestion.objects.create(
        settings=settings,
        sort_order=1,
        label=which[0],
        label_ar=which[1],
        field_type=QuestionType.SHORT_TEXT,
        required=True,
        condition_question=for_organisation,
        condition_value="yes",
    )
    return for_organisation, which_one


def add_questions(settings):
    """One question of every kind, as an organiser would set them up."""
    specs = [
        ("Why do you want to take part?", "لماذا تريد المشاركة؟", QuestionType.LONG_TEXT, "", ""),
        (
            "Your organisation's field",
            "مجال عمل منظمتك",
            QuestionType.SINGLE_CHOICE,
            "Media\nEducation\nHuman rights",
            "إعلام\nتعليم\nحقوق الإنسان",
        ),
        (
            "Sessions you will attend",
            "الجلسات التي ستحضرها",
            QuestionType.MULTIPLE_CHOICE,
            "Morning\nAfternoon",
            "الصباحية\nالمسائية",
        ),
        ("Do you need a certificate?", "هل تحتاج إلى شهادة؟", QuestionType.YES_NO, "", ""),
        ("Country of residence", "بلد الإقامة", QuestionType.COUNTRY, "", ""),
        ("Governorate", "المحافظة", QuestionType.GOVERNORATE, "", ""),
        ("Your job title", "مسمّاك الوظيفي", QuestionType.SHORT_TEXT, "", ""),
        ("I agree to be photographed", "أوافق على التصوير", QuestionType.CONSENT, "", ""),
    ]
    questions = []
    for order, (label, label_ar, kind, choices, choices_ar) in enumerate(specs):
        questions.append(
            RegistrationQuestion.objects.create(
                settings=settings,
                label=label,
                label_ar=label_ar,
                field_type=kind,
                choices=choices,
                choices_ar=choices_ar,
                required=kind != QuestionType.SHORT_TEXT,
                sort_order=order,
            )
        )
    return questions


VALID_ANSWERS = {
    QuestionType.LONG_TEXT: "To learn from others.",
    QuestionType.SINGLE_CHOICE: "Media",
    QuestionType.MULTIPLE_CHOICE: ["Morning", "Afternoon"],
    QuestionType.YES_NO: "yes",
    QuestionType.COUNTRY: "IQ",
    QuestionType.GOVERNORATE: "baghdad",
    QuestionType.SHORT_TEXT: "Trainer",
    QuestionType.CONSENT: "on",
}


def answers_post(questions, **overrides):
    """Form data answering every question validly; ``overrides`` by question type."""
    data = {}
    for question in questions:
        value = overrides.get(question.field_type, VALID_ANSWERS[question.field_type])
        if value is not None:
            data[f"q_{question.clean_name}"] = value
    return data


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.LazyAttribute(lambda registration: SettingsFactory().event)
    person = factory.SubFactory(PersonFactory, participant=True)
    status = RegistrationStatus.CONFIRMED
    language = "ar"


def registered(event, status, language, **person_fields):
    """A registration for ``event`` with ``status`` in ``language``, of a new participant."""
    person = PersonFactory(participant=True, **person_fields)
    return RegistrationFactory(event=event, status=status, language=language, person=person)


def organiser(edit_pages_under=None, **user_fields):
    """A staff member in the "Event organisers" group, who may edit the pages under
    ``edit_pages_under`` (and so manage those events' registrations)."""
    user = UserFactory(is_staff=True, **user_fields)
    group = Group.objects.get(name=ORGANISERS_GROUP)
    user.groups.add(group)
    if edit_pages_under is not None:
        GroupPagePermission.objects.create(group=group, page=edit_pages_under, permission_type="change")
    return user


def settings_form_data(questions=(), initial=0, **fields):
    """The registration settings' form as the admin posts it: open at once, 20 seats, a waiting
    list, no emails to the organisers, ``fields`` over these, and ``questions`` (rows of the
    questions' inline form, the first ``initial`` of them saved already)."""
    data = {
        "opens_at": "",
        "closes_at": "",
        "capacity": "20",
        "waitlist_enabled": "on",
        "notify_organisers": "never",
        **fields,
        "questions": inline_formset(list(questions), initial=initial),
    }
    return nested_form_data(data)
