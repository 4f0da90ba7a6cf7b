"""Accounts and people: a verified account is linked to the Person who owns it in the
directory (matched by verified email, or created), and its owner edits their profile."""

import secrets

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from network.models import Affiliation, Organisation, Person, PublicBasis

from .errors import RegistrationError


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


def unique_slug(text):
    base = slugify(text or "participant", allow_unicode=True)[:60] or "participant"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Person.objects.filter(slug=slug).exists():
            return slug


def link_person(user, email):
    """The Person of ``user``: already linked, or the unlinked Person with this verified
    ``email``, or a new private one."""
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
            return Person.objects.create(user=user, email=email, name="", slug=unique_slug(email.split("@")[0]))
    except IntegrityError:
        # Two requests of the same account raced; the other one linked it.
        return Person.objects.get(user=user)


def person_for_user(user):
    """The Person behind a signed-in participant, who must have a verified email address."""
    email = verified_email(user)
    if email is None:
        raise RegistrationError(
            _("Please confirm your email address first: use the link we sent you, then try again."),
            "email_unverified",
        )
    return Person.objects.filter(user=user).first() or link_person(user, email)


def verified_person(user):
    """Like ``person_for_user``, in one query for the usual case (linked and verified)."""
    from .busy import verified_person as linked_person

    person = linked_person(user.pk)
    if person is not None and person.has_verified_email:
        return person
    return person_for_user(user)


def organisation_name(person):
    affiliation = person.affiliations.select_related("organisation").order_by("-is_primary", "-pk").first()
    return affiliation.organisation.display_name if affiliation else ""


def save_profile(person, fields, organisation=""):
    """Saves the participant's own profile. ``organisation`` is matched by name in either
    script; an unknown one is added to the directory unpublished, for staff to review."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(person, name, value)
        if fields.get("public_profile"):
            # Ticking the box on their own profile is the person's consent, whatever made
            # the profile public before.
            person.public_basis = PublicBasis.CONSENT
        if not person.slug:
            person.slug = unique_slug(person.name or person.name_ar)
        person.save()
        organisation = (organisation or "").strip()
        if organisation and organisation != organisation_name(person):
            match = (
                Organisation.objects.filter(name__iexact=organisation).first()
                or Organisation.objects.filter(name_ar__iexact=organisation).first()
            )
            if match is None:
                arabic = any("\u0600" <= char <= "\u06ff" for char in organisation)
                match = Organisation.objects.create(
                    name=organisation if not arabic else "",
                    name_ar=organisation if arabic else "",
                    slug=_organisation_slug(organisation),
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


def _organisation_slug(name):
    base = slugify(name, allow_unicode=True)[:60] or "organisation"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Organisation.objects.filter(slug=slug).exists():
            return slug


def person_for_staff_entry(email="", name="", name_ar=""):
    """The person an organiser adds by hand: the directory's entry with this email if there
    is one, otherwise a new private entry."""
    email = (email or "").strip()
    if email:
        existing = Person.objects.filter(email__iexact=email).order_by("created_at", "pk").first()
        if existing is not None:
            return existing
    return Person.objects.create(name=name, name_ar=name_ar, email=email, slug=unique_slug(name or name_ar))
