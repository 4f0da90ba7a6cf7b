"""The fixed vocabularies of events: what kind of event, how people attend, who does what."""

import zoneinfo

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.models.base import Gender

DEFAULT_TIME_ZONE = "Asia/Baghdad"


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    PROGRAMME = "programme", _("Training programme")
    FORUM = "forum", _("Forum")
    WEBINAR = "webinar", _("Webinar")
    MEETING = "meeting", _("Meeting")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    KURDISH = "ku", _("Kurdish")
    FRENCH = "fr", _("French")


class PartnerRole(models.TextChoices):
    """In the order the event page lists them."""

    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    SPONSOR = "sponsor", _("Sponsor")
    PARTNER = "partner", _("Partner")
    MEDIA_PARTNER = "media_partner", _("Media partner")


PARTNER_ROLE_PLURALS = {
    PartnerRole.ORGANISER: _("Organisers"),
    PartnerRole.CO_ORGANISER: _("Co-organisers"),
    PartnerRole.SPONSOR: _("Sponsors"),
    PartnerRole.PARTNER: _("Partners"),
    PartnerRole.MEDIA_PARTNER: _("Media partners"),
}


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Panel")
    TALK = "talk", _("Talk")
    WORKSHOP = "workshop", _("Workshop")
    RESEARCH = "research", _("Research session")
    BREAK = "break", _("Break")
    SEMINAR = "seminar", _("Online seminar")


class MaterialKind(models.TextChoices):
    """What a session's material is: its icon and its label beside the title."""

    SLIDES = "slides", _("Slides")
    DOCUMENT = "document", _("Document")
    RECORDING = "recording", _("Recording")
    PHOTOS = "photos", _("Photos")
    LINK = "link", _("Link")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    PANELLIST = "panellist", _("Panellist")
    TRAINER = "trainer", _("Trainer")


# What a role is called beside a person's name. Arabic says it of a woman, of a man, or, where the
# directory does not know the person's gender, in a form that fits either; English reads the same.
SPEAKER_ROLE_FORMS = {
    SpeakerRole.SPEAKER: {
        Gender.FEMALE: pgettext_lazy("speaker role, female", "Speaker"),
        Gender.MALE: pgettext_lazy("speaker role, male", "Speaker"),
        None: pgettext_lazy("speaker role, gender not known", "Speaker"),
    },
    SpeakerRole.MODERATOR: {
        Gender.FEMALE: pgettext_lazy("speaker role, female", "Moderator"),
        Gender.MALE: pgettext_lazy("speaker role, male", "Moderator"),
        None: pgettext_lazy("speaker role, gender not known", "Moderator"),
    },
    SpeakerRole.PANELLIST: {
        Gender.FEMALE: pgettext_lazy("speaker role, female", "Panellist"),
        Gender.MALE: pgettext_lazy("speaker role, male", "Panellist"),
        None: pgettext_lazy("speaker role, gender not known", "Panellist"),
    },
    SpeakerRole.TRAINER: {
        Gender.FEMALE: pgettext_lazy("speaker role, female", "Trainer"),
        Gender.MALE: pgettext_lazy("speaker role, male", "Trainer"),
        None: pgettext_lazy("speaker role, gender not known", "Trainer"),
    },
}


def speaker_role_label(role, gender=""):
    """The role's name agreeing with ``gender`` (a Person.gender value; empty or "prefer not to
    say" gives the form that fits anyone)."""
    forms = SPEAKER_ROLE_FORMS.get(role)
    if forms is None:
        return ""
    return str(forms.get(gender) or forms[None])
