"""A participant's own data: everything the site holds about them, to read or download, and
the deletion of their account.

``collect`` gathers it from every part of the site (the account, the directory, the events),
in plain values: the "My data" page shows it and its JSON download is the same dictionary.

``delete_account`` removes the account in one transaction. What identifies the person goes:
the account itself (its addresses, second factors, sessions), the directory profile's names,
contact details, gender, title, biography, links and photo (``network.people.erase_person``),
the answers they gave when registering and the names and address staff typed for them,
their calendar feed, and their names and addresses in the audit log's entries (which keep
what staff did, when). What the events need to keep their counts stays, without a name:
registrations with their status and dates, attendance, organisations and network
memberships. An issued certificate still verifies, as "issued to a deleted account".
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from events import audit as event_audit
from events.attendance.models import Attendance, Certificate
from events.registrations.models import CalendarFeed, Registration
from events.registrations.services.questions import readable_answers
from events.translation import localized_events
from network.models import Consent, NetworkMembership, Person
from network.people import erase_person

PROFILE_FIELDS = (
    "name",
    "name_ar",
    "email",
    "phone",
    "gender",
    "country",
    "governorate",
    "title",
    "title_ar",
    "bio",
    "bio_ar",
    "links",
    "public_profile",
    "public_profile_since",
    "created_at",
)


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, bool | int | list | dict) else str(value)


def collect(user):
    """Everything held about ``user``, as a dictionary of plain values (see the module)."""
    person = Person.objects.filter(user=user).first()
    data = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "joined": _value(user.date_joined),
            "last_sign_in": _value(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "second_factors": sorted(
                str(Authenticator.Type(kind).label)
                for kind in Authenticator.objects.filter(user=user).values_list("type", flat=True)
            ),
        },
        "profile": None,
        "organisations": [],
        "networks": [],
        "registrations": [],
        "consents": [],
        "calendar_feed": False,
    }
    if person is None:
        return data
    arabic = (get_language() or "").startswith("ar")
    data["profile"] = {field: _value(getattr(person, field)) for field in PROFILE_FIELDS}
    # Chosen values in words, in the reader's language ("أنثى", "البصرة", "Iraq").
    data["profile"]["gender"] = str(person.get_gender_display()) if person.gender else ""
    data["profile"]["governorate"] = str(person.get_governorate_display()) if person.governorate else ""
    data["profile"]["country"] = str(person.country.name) if person.country else ""
    data["profile"]["photo"] = person.photo.title if person.photo_id else ""
    data["organisations"] = [
        {
            "organisation": affiliation.organisation.display_name,
            "role": (affiliation.role_ar or affiliation.role) if arabic else (affiliation.role or affiliation.role_ar),
            "primary": affiliation.is_primary,
        }
        for affiliation in person.affiliations.select_related("organisation").order_by("-is_primary", "pk")
    ]
    data["networks"] = [
        {"network": membership.network.display_name, "joined_on": _value(membership.joined_on)}
        for membership in NetworkMembership.objects.filter(person=person).select_related("network")
    ]
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("event")
        .prefetch_related("event__registration_settings__questions")
        .order_by("-created_at")
    )
    attendance = {}
    for record in Attendance.objects.filter(registration__person=person).order_by("at"):
        attendance.setdefault(record.registration_id, []).append(
            {
                "slot": record.slot,
                "at": _value(record.at),
                "method": record.get_method_display(),
                "minutes": record.minutes,
            }
        )
    certificates = {
        certificate.registration_id: certificate
        for certificate in Certificate.objects.filter(registration__person=person)
    }
    registrations = list(registrations)
    shown = localized_events([registration.event for registration in registrations], get_language() or "ar")
    for registration, event in zip(registrations, shown, strict=True):
        settings = getattr(registration.event, "registration_settings", None)
        questions = list(settings.questions.all()) if settings is not None else []
        certificate = certificates.get(registration.pk)
        data["registrations"].append(
            {
                "event": event.title,
                "reference": registration.reference,
                "status": registration.get_status_display(),
                "role": registration.get_role_display(),
                "registered_at": _value(registration.created_at),
                "answers": [
                    {"question": str(label), "answer": answer}
                    for label, answer in readable_answers(questions, registration.answers)
                ],
                "attendance": attendance.get(registration.pk, []),
                "certificate": (
                    {
                        "code": certificate.code,
                        "issued_at": _value(certificate.issued_at),
                        "revoked_at": _value(certificate.revoked_at),
                    }
                    if certificate
                    else None
                ),
            }
        )
    data["consents"] = [
        {
            "about": consent.get_subject_display(),
            "given": consent.given,
            "wording": consent.wording,
            "version": consent.version,
            "language": consent.language,
            "given_for": consent.context,
            "at": _value(consent.at),
        }
        for consent in Consent.objects.filter(person=person)
    ]
    data["calendar_feed"] = CalendarFeed.objects.filter(person=person).exists()
    return data


def delete_account(user):
    """Deletes ``user``'s account and what identifies them (see the module's text); returns
    how many registrations were kept, nameless, for the events' counts."""
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(user=user).first()
        kept = 0
        if person is not None:
            registrations = Registration.objects.filter(person=person)
            kept = registrations.update(
                answers={}, entered_email="", entered_name="", entered_name_ar="", entered_search_text=""
            )
            CalendarFeed.objects.filter(person=person).delete()
            erase_person(person)
        addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
        event_audit.forget(person, emails=sorted(addresses - {""}))
        user.delete()
    return kept
