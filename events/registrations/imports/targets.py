"""What a column of an uploaded list can fill — a field of the person's profile, the time they
registered, or the answer to one of the event's questions — and how a cell becomes its value.

Headers are recognised in English and Arabic, spelling-insensitively (the directory import's
columns and their aliases, plus each question's label in both languages and the timestamp a
form adds). Values are read as people write them: "ذكر" or "Male", "بغداد" or "Baghdad",
"نعم" or "Yes", a choice by its label in either language; Google Forms' timestamps
("2025/03/01 10:02:11 AM GMT+3") keep their time and zone."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import join
from events.registrations.models import QuestionType, RegistrationQuestion
from events.registrations.services.questions import LONG_MAX, SHORT_MAX
from network.geography import Governorate
from network.imports.columns import PERSON_COLUMNS, boolean, country, text
from network.imports.columns import choice as choice_of
from network.text import normalise

QUESTION = "question:"
REGISTERED_AT = "registered_at"
IGNORE = ""
PROFILE_KEYS = (
    "name",
    "name_ar",
    "email",
    "phone",
    "gender",
    "country",
    "governorate",
    "organisation",
    "title",
    "title_ar",
)
TIMESTAMP_HEADERS = ("timestamp", "submitted at", "date submitted", "الطابع الزمني", "وقت الإرسال", "تاريخ التسجيل")


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    parse: object
    names: frozenset  # folded headers that name it
    required: bool = False
    several: bool = False  # a question whose answer is a list


def _profile_targets():
    columns = {column.key: column for column in PERSON_COLUMNS}
    return [
        Target(key, str(columns[key].label), columns[key].parse, frozenset(columns[key].header_names()))
        for key in PROFILE_KEYS
    ]


# --- times ---------------------------------------------------------------------------------

# "2025/03/01 10:02:11 AM GMT+3", "2025/03/01 10:02:11 م غرينتش+3", "3/1/2025 10:02:11",
# "2025-03-01 10:02", "2025-03-01T10:02:11+03:00".
_STAMP = re.compile(
    r"^(?P<a>\d{1,4})[/\-.](?P<b>\d{1,2})[/\-.](?P<c>\d{1,4})[ T]+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?\s*"
    r"(?P<half>AM|PM|a\.m\.|p\.m\.|ص|م)?\s*"
    r"(?:(?:GMT|UTC|غرينتش|جرينتش)?\s*(?P<zone>[+\-−]\d{1,2}(?::?\d{2})?|Z)?)?$",
    re.IGNORECASE,
)
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _zone(text, default):
    if not text:
        return default
    if text.upper() == "Z":
        return datetime.UTC
    sign = -1 if text[0] in "-−" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def timestamp(zone):
    """A parser of form timestamps; a time without its zone is the event's local time."""

    def parse(value):
        match = _STAMP.match(value.translate(ARABIC_DIGITS).strip())
        if match is None:
            raise ValidationError(_("“%(value)s” is not a date and time."), params={"value": value})
        a, b, c = int(match["a"]), int(match["b"]), int(match["c"])
        year, month, day = (a, b, c) if match["a"] and len(match["a"]) == 4 else (c, a, b)
        hour = int(match["hour"])
        half = (match["half"] or "").lower().replace(".", "")
        if half in ("pm", "م") and hour < 12:
            hour += 12
        elif half in ("am", "ص") and hour == 12:
            hour = 0
        try:
            moment = datetime.datetime(year, month, day, hour, int(match["minute"]), int(match["second"] or 0))
            zoned = moment.replace(tzinfo=_zone(match["zone"], None))  # GMT+99 is no zone
        except ValueError as error:
            raise ValidationError(_("“%(value)s” is not a date and time."), params={"value": value}) from error
        if zoned.tzinfo is None:
            zoned = timezone.make_aware(moment, zone)
        try:
            zoned.astimezone(datetime.UTC)
        except OverflowError as error:  # the calendar's first hours: no such moment in UTC
            raise ValidationError(_("“%(value)s” is not a date and time."), params={"value": value}) from error
        if zoned > timezone.now() + datetime.timedelta(days=1):
            raise ValidationError(_("“%(value)s” is in the future."), params={"value": value})
        return zoned

    return parse


# --- questions -----------------------------------------------------------------------------


def _question_choices(question):
    """The stored value of each way a choice may be written: its value, its label in either
    language."""
    pairs = []
    for language in ("en", "ar"):
        with translation.override(language):
            pairs.extend(question.choice_pairs())
    return list(dict.fromkeys(pairs))


def _question_parse(question):
    kind = question.field_type
    if kind == QuestionType.YES_NO:
        return lambda value: "yes" if boolean(value) else "no"
    if kind == QuestionType.CONSENT:
        return boolean
    if kind == QuestionType.COUNTRY:
        return country
    if kind == QuestionType.GOVERNORATE:
        return choice_of(Governorate.choices)
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        single = _lenient_choice(_question_choices(question))
        if kind == QuestionType.SINGLE_CHOICE:
            return single
        # Google Forms joins the boxes ticked with ", "; a list typed by hand may use ";" or "،".
        return lambda value: [single(part) for part in re.split(r"\s*[;،,]\s*", value) if part]
    return text(LONG_MAX if kind == QuestionType.LONG_TEXT else SHORT_MAX)


def _lenient_choice(pairs):
    names = {}
    for value, label in pairs:
        names.setdefault(normalise(value), value)
        names.setdefault(normalise(str(label)), value)

    def parse(cell):
        found = names.get(normalise(cell))
        if found is None:
            known = join(dict.fromkeys(str(label) for _value, label in pairs), quote=True)
            raise ValidationError(_("“%(value)s” is not one of: %(known)s."), params={"value": cell, "known": known})
        return found

    return parse


def question_targets(event):
    questions = RegistrationQuestion.objects.filter(settings__event=event).order_by("sort_order", "pk")
    targets = []
    for question in questions:
        names = {normalise(question.label), normalise(question.label_ar or ""), normalise(question.clean_name)}
        targets.append(
            Target(
                f"{QUESTION}{question.clean_name}",
                question.display_label,
                _question_parse(question),
                frozenset(name for name in names if name),
                required=question.required,
                several=question.field_type == QuestionType.MULTIPLE_CHOICE,
            )
        )
    return targets


def targets_for(event):
    """Every target a column of ``event``'s import may fill, labels in the active language."""
    when = Target(
        REGISTERED_AT,
        str(gettext_lazy("Registered at")),
        timestamp(event.zone),
        frozenset(normalise(name) for name in TIMESTAMP_HEADERS),
    )
    return [*_profile_targets(), when, *question_targets(event)]


def guess(headers, targets):
    """``{header: target key}``: the target each header names, each target at most once."""
    lookup = {}
    for target in targets:
        for name in target.names:
            lookup.setdefault(name, target.key)
    mapping, taken = {}, set()
    for header in headers:
        key = lookup.get(normalise(header), IGNORE) if header else IGNORE
        if key and key in taken:
            key = IGNORE
        taken.add(key)
        mapping[header] = key
    return mapping
