"""Accounts and people: a verified account is linked to the Person who owns it in the
directory (matched by verified email, or created), and its owner edits their profile."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.text import pick
from network.models import Affiliation, Organisation, Person, PublicBasis
from network.slugs import slug_is_from_names, unique_slug
from network.validators import validate_email_address

from .errors import RegistrationError


def email_of(person):
    if person.email:
        return person.email
    return person.user.email if person.user_id else ""


class StaffDetails:
    """What the organisers see of the person on a registration. While it awaits the
    participant's acceptance that is only what staff entered; afterwards the directory's
    record (names, email, phone)."""

    def __init__(self, registration):
        self.hidden = registration.awaiting_acceptance
        person = registration.person
        if self.hidden:
            self.name, self.name_ar = registration.entered_name, registration.entered_name_ar
            self.email, self.phone = registration.entered_email, ""
        else:
            self.name, self.name_ar = person.name, person.name_ar
            self.email, self.phone = email_of(person), person.phone

    def __str__(self):
        return pick(self.name_ar, self.name) or self.email


def verified_email(user):
    """The account's verified address (the primary one first), or None."""
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
        .first()
    )


def checked_email(email):
    """``email`` stripped, or a ``RegistrationError`` (``invalid_email``) when it is too long
    or not an address: refused, never stored shortened."""
    email = (email or "").strip()
    if email:
        try:
            validate_email_address(email)
        except ValidationError as error:
            raise RegistrationError(error.messages[0], "invalid_email") from error
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
    script; an unknown one is added to the directory unpublished, for staff to review.

    A profile that becomes public gets its address from the name (unless it already has
    one made from it): never from the email, and never kept from a placeholder."""
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
