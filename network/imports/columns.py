"""The columns an import reads, how their headers may be written, and how a cell becomes a
value. Headers are matched spelling-insensitively in English and Arabic; a blank cell means
"no value given", so an update never wipes a field by accident."""

import functools
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_unicode_slug
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from core.text import join
from network.geography import Governorate
from network.models import Gender, Organisation, OrganisationKind, Person
from network.text import normalise


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translated label, shown in the preview and in messages
    parse: object
    aliases: tuple = field(default=())

    def header_names(self):
        """Every folded header that names this column: the key, the label in each language,
        and the aliases."""
        names = {normalise(self.key), normalise(self.key.replace("_", " ")), *map(normalise, self.aliases)}
        for code in ("en", "ar"):
            with translation.override(code):
                names.add(normalise(str(self.label)))
        return names


def text(max_length):
    def parse(value):
        if len(value) > max_length:
            raise ValidationError(
                ngettext_lazy(
                    "Keep it under %(limit)s character (it has %(count)s).",
                    "Keep it under %(limit)s characters (it has %(count)s).",
                    "limit",
                ),
                params={"limit": max_length, "count": len(value)},
            )
        return value

    return parse


def _longest(name):
    """The length of the directory's ``name`` column (the same for people and organisations)."""
    model = Organisation if name == "website" else Person
    return model._meta.get_field(name).max_length


def email(value):
    text(_longest("email"))(value)
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(_("“%(value)s” is not an email address."), params={"value": value}) from error
    return value.lower()


PHONE = re.compile(r"\+?[\d\s().\-/]{5,39}")


def phone(value):
    if not PHONE.fullmatch(value):
        raise ValidationError(_("“%(value)s” is not a phone number."), params={"value": value})
    return value


def choice(choices):
    names = {}

    def lookup():
        # Built on first use (translations are ready by then), then reused for every cell.
        if not names:
            for code, label in choices:
                names[normalise(code)] = code
                for language in ("en", "ar"):
                    with translation.override(language):
                        names[normalise(str(label))] = code
        return names

    def parse(value):
        code = lookup().get(normalise(value))
        if code is not None:
            return code
        known = join((label for _code, label in choices), quote=True)
        raise ValidationError(_("“%(value)s” is not one of: %(known)s."), params={"value": value, "known": known})

    return parse


@functools.cache
def _country_names():
    names = {}
    for language in ("en", "ar"):
        with translation.override(language):
            for code, name in countries:
                names[normalise(str(name))] = code
    for code, _name in countries:
        names[code.lower()] = code
    names.update({"iraq": "IQ", "العراق": "IQ", "kurdistan": "IQ"})
    return names


def country(value):
    code = _country_names().get(normalise(value))
    if code is None:
        raise ValidationError(_("“%(value)s” is not a country we know."), params={"value": value})
    return code


YES = {"yes", "y", "true", "1", "نعم", "x", "✓"}
NO = {"no", "n", "false", "0", "لا"}


def boolean(value):
    folded = normalise(value) or value.strip()
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise ValidationError(_("Write yes or no (it says “%(value)s”)."), params={"value": value})


def url(value):
    candidate = value if "://" in value else f"https://{value}"
    text(_longest("website"))(candidate)
    try:
        URLValidator(schemes=["http", "https"])(candidate)
    except ValidationError as error:
        raise ValidationError(_("“%(value)s” is not a web address."), params={"value": value}) from error
    return candidate


def slug(value):
    text(_longest("slug"))(value)
    try:
        validate_unicode_slug(value)
    except ValidationError as error:
        raise ValidationError(_("“%(value)s” is not a valid slug."), params={"value": value}) from error
    return value


NAMES = [
    Column("slug", _("slug"), slug, ("identifier", "المعرف")),
    Column("name", _("name in Latin script"), text(255), ("english name", "full name", "latin name")),
    Column("name_ar", _("name in Arabic script"), text(255), ("arabic name", "الاسم", "الاسم بالعربية")),
]

PERSON_COLUMNS = [
    *NAMES,
    Column("email", _("email"), email, ("e-mail", "email address", "البريد", "الايميل", "البريد الالكتروني")),
    Column("phone", _("phone"), phone, ("mobile", "telephone", "رقم الهاتف", "الموبايل", "الجوال")),
    Column("gender", _("gender"), choice(Gender.choices), ("sex", "الجنس")),
    Column("country", _("country"), country, ("البلد", "الدولة")),
    Column("governorate", _("governorate"), choice(Governorate.choices), ("province", "المحافظة")),
    Column("title", _("title (English)"), text(255), ("title", "position", "job title")),
    Column("title_ar", _("title (Arabic)"), text(255), ("الصفة", "المنصب", "العنوان الوظيفي")),
    Column("bio", _("biography (English)"), text(5000), ("bio", "biography")),
    Column("bio_ar", _("biography (Arabic)"), text(5000), ("السيرة", "نبذة")),
    Column("public_profile", _("public profile"), boolean, ("consent", "public", "الموافقة", "ملف عام")),
    Column("organisation", _("organisation"), text(255), ("organization", "organisation name", "المنظمة", "الجهة")),
    Column("role", _("role (English)"), text(255), ("role", "position in organisation")),
    Column("role_ar", _("role (Arabic)"), text(255), ("الدور",)),
]

ORGANISATION_COLUMNS = [
    *NAMES,
    Column("acronym", _("short name"), text(40), ("acronym", "abbreviation", "الاختصار")),
    Column("kind", _("kind"), choice(OrganisationKind.choices), ("type", "النوع", "الصنف")),
    Column("country", _("country"), country, ("البلد", "الدولة")),
    Column("governorate", _("governorate"), choice(Governorate.choices), ("province", "المحافظة")),
    Column("city", _("city"), text(120), ("المدينة",)),
    Column("website", _("website"), url, ("web", "url", "الموقع", "الموقع الالكتروني")),
    Column("description", _("description (English)"), text(5000), ("description",)),
    Column("description_ar", _("description (Arabic)"), text(5000), ("الوصف", "نبذة")),
    Column("is_public", _("shown in the public directory"), boolean, ("public", "listed", "عام", "منشور")),
]

COLUMNS = {"people": PERSON_COLUMNS, "organisations": ORGANISATION_COLUMNS}
