"""Accounts and people: a verified account is linked to the Person who owns it in the
directory (matched by verified email, or created), its owner edits their profile, and staff
name someone by email. The directory owns creating and linking people and organisations;
registration, the desk and imports call these."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.compiled import CompiledQuery
from network import audit, consents
from network.errors import DirectoryError
from network.models import Affiliation, ConsentSubject, Organisation, Person, PublicBasis
from network.slugs import slug_is_from_names, unique_slug
from network.text import written_in_arabic
from network.validators import validate_email_address


def email_of(person):
    if person.email:
        return person.email
    return person.user.email if person.user_id else ""


def verified_email(user):
    """The account's verified address (the primary one first), or None."""
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )


def checked_email(email):
    """``email`` stripped, or a ``DirectoryError`` (``invalid_email``) when it is too long
    or not an address: refused, never stored shortened."""
    email = (email or "").strip()
    if email:
        try:
            validate_email_address(email)
        except ValidationError as error:
            raise DirectoryError(error.messages[0], "invalid_email") from error
    return email


def link_person(user, email):
    """The Person of ``user``: already linked, or the unlinked Person with this verified
    ``email``, or a new private one. A new one's address is a placeholder until it has a
    name: it is never made from the email."""
    email = checked_email(email)
    try:
        with transaction.atomic():
            person = Person.objects.filter(user=user).first()
            if person is not None:
                return person
            person = (
                Person.objects.select_for_update()
                .filter(email__iexact=email, user__isnull=True)
                .order_by("created_at", "pk")
                .first()
            )
            if person is not None:
                person.user = user
                person.save(update_fields=["user"])
                return person
            return Person.objects.create(
                user=user, email=email, name="", slug=unique_slug(Person, fallback="participant")
            )
    except IntegrityError:
        # Two requests of the same account raced; the other one linked it.
        return Person.objects.get(user=user)


def person_for_user(user):
    """The Person behind a signed-in participant, who must have a verified email address."""
    email = verified_email(user)
    if email is None:
        raise DirectoryError(
            _("Please confirm your email address first: use the link we sent you, then try again."),
            "email_unverified",
        )
    return Person.objects.filter(user=user).first() or link_person(user, email)


def _linked_person(user_id):
    verified = EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)
    return Person.objects.filter(user_id=user_id).annotate(has_verified_email=Exists(verified)).order_by("pk")[:1]


# Compiled once (core/compiled.py): every registration reads the participant first.
LINKED_PERSON = CompiledQuery(_linked_person, -9_000_000_004)


def verified_person(user):
    """Like ``person_for_user``, in one query for the usual case (linked and verified)."""
    person = LINKED_PERSON.first(Person, [user.pk])
    if person is not None and person.has_verified_email:
        return person
    return person_for_user(user)


# A person's main organisation: the primary affiliation, else the latest one added.
MAIN_AFFILIATION_ORDER = ("-is_primary", "-pk")


def organisation_name(person):
    affiliation = person.affiliations.select_related("organisation").order_by(*MAIN_AFFILIATION_ORDER).first()
    return affiliation.organisation.display_name if affiliation else ""


def save_profile(person, fields, organisation="", consent_wording=None):
    """Saves the participant's own profile. ``organisation`` is matched by name in either
    script; an unknown one is added to the directory unpublished, for staff to review.

    A profile that becomes public gets its address from the name (unless it already has
    one made from it): never from the email, and never kept from a placeholder.

    Ticking or clearing "show my profile" is recorded as a consent, with ``consent_wording``
    (the box's words as the person saw them) when the page gives them."""
    if "email" in fields:
        fields = {**fields, "email": checked_email(fields["email"])}
    with transaction.atomic():
        # The stored value: a bound ModelForm has already copied the new one onto ``person``.
        was_public = bool(
            person.pk and Person.objects.filter(pk=person.pk).values_list("public_profile", flat=True).first()
        )
        for name, value in fields.items():
            setattr(person, name, value)
        if fields.get("public_profile"):
            # Ticking the box on their own profile is the person's consent, whatever made
            # the profile public before.
            person.public_basis = PublicBasis.CONSENT
        becomes_public = person.public_profile and not was_public
        if not person.slug or (becomes_public and not slug_is_from_names(person.slug, person.name, person.name_ar)):
            person.slug = unique_slug(Person, person.name, person.name_ar, fallback="person")
        person.save()
        if consent_wording and "public_profile" in fields and bool(person.public_profile) != was_public:
            consents.record(person, ConsentSubject.PUBLIC_PROFILE, person.public_profile, consent_wording)
        organisation = (organisation or "").strip()
        if organisation and organisation != organisation_name(person):
            match = (
                Organisation.objects.filter(name__iexact=organisation).first()
                or Organisation.objects.filter(name_ar__iexact=organisation).first()
            )
            if match is None:
                arabic = written_in_arabic(organisation)
                match = Organisation.objects.create(
                    name=organisation if not arabic else "",
                    name_ar=organisation if arabic else "",
                    slug=unique_slug(Organisation, organisation, fallback="organisation"),
                    is_public=False,
                )
            person.affiliations.filter(is_primary=True).update(is_primary=False)
            affiliation = person.affiliations.filter(organisation=match).first()
            if affiliation is None:
                Affiliation.objects.create(person=person, organisation=match, is_primary=True)
            else:
                affiliation.is_primary = True
                affiliation.save(update_fields=["is_primary"])
    return person


def existing_person_for_email(email):
    """The directory's entry with this email (its own, or its account's verified address),
    or ``None``."""
    if not email:
        return None
    return (
        Person.objects.filter(email__iexact=email).order_by("created_at", "pk").first()
        or Person.objects.filter(user__emailaddress__email__iexact=email, user__emailaddress__verified=True).first()
    )


def person_for_email(email, name="", name_ar=""):
    """The directory's entry with this email (its own, or its account's verified address),
    or a new private entry with the names given."""
    existing = existing_person_for_email(email)
    if existing is not None:
        return existing
    return Person.objects.create(
        name=name, name_ar=name_ar, email=email, slug=unique_slug(Person, name, name_ar, fallback="participant")
    )


ERASED_NAME, ERASED_NAME_AR = "Deleted account", "حساب محذوف"


def erase_person(person):
    """What the directory holds about a person who deleted their account, removed: names,
    contact details, gender, title, biography, links and photo, their public profile and
    the link to the account. The record stays, nameless and private, with its
    organisations and network memberships, so that reports keep their counts; ``erased_at``
    says it was erased (a certificate then verifies as issued to a deleted account)."""
    from django.utils import timezone

    with transaction.atomic():
        photo = person.photo
        person.name, person.name_ar = ERASED_NAME, ERASED_NAME_AR
        person.slug = unique_slug(Person, "", fallback="deleted")
        person.user = None
        for field in ("email", "phone", "gender", "title", "title_ar", "bio", "bio_ar", "public_source"):
            setattr(person, field, "")
        person.links = []
        person.photo = None
        person.public_profile = False
        person.erased_at = timezone.now()
        person.save()
        audit.forget(person)
        if photo is not None and not Person.objects.filter(photo=photo).exists():
            photo.delete()
    return person
