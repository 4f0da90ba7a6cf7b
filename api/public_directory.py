"""The public directory as the API gives it: organisations listed in it and people with a
public profile, with the fields and filters of the directory's pages (network.views,
network.forms). Who may appear is the directory's rule (``Organisation.objects.public()``,
``Person.objects.public()``: a person's consent, or a published source naming them)."""

from django.utils.translation import gettext as _

from api import public_errors
from api.public_fields import choice, country, given_values, governorate, in_each_language, picture
from api.public_paging import Listing
from core.ids import record_ids
from network.forms import OrganisationFilterForm, PersonFilterForm
from network.models import Organisation, Person
from network.queries import THUMBNAILS, organisation_cards, person_cards

THUMBNAIL = THUMBNAILS[-1]  # the directory card's picture at 2x


def filtered(base, form_class, filters):
    """``base`` narrowed by the directory page's own filter form, or a refusal naming the
    values it does not take."""
    given = given_values(filters, form_class.base_fields)
    if not given:
        return base
    form = form_class(given, base_queryset=base)
    if not form.is_valid():
        raise public_errors.from_form(form)
    return form.filter(base)


def find(records, reference):
    """The record of ``records`` whose id (else slug) is ``reference``, or None."""
    found = records.filter(pk=record_ids([reference])[0]).first() if record_ids([reference]) else None
    return found or records.filter(slug=reference).first()


def one(records, reference, message):
    """The record of ``records`` whose id or slug is ``reference``, or a 404 refusal."""
    found = find(records, reference)
    if found is None:
        raise public_errors.not_found(message)
    return found


# Organisations.


def organisations(request, filters):
    records = filtered(Organisation.objects.public(), OrganisationFilterForm, filters)
    return Listing(
        organisation_cards(records.in_display_order()),
        lambda page: [organisation_summary(request, record) for record in page],
    )


def organisation(request, reference):
    records = organisation_cards(Organisation.objects.public())
    record = one(records, reference, _("There is no organisation in the directory with this slug or id."))
    return {
        **organisation_summary(request, record),
        "description": record.display_description,
        "website": record.website,
        "social_links": list(record.social_links or []),
    }


def listed(request, record):
    """What a directory card says of any record: who it is, where, and its page."""
    return {
        "id": record.pk,
        "slug": record.slug,
        "name": record.display_name,
        "other_name": record.other_name,
        "governorate": governorate(record),
        "country": country(record),
        "urls": in_each_language(request, record.get_absolute_url),
    }


def organisation_summary(request, record):
    return {
        **listed(request, record),
        "acronym": record.acronym,
        "kind": choice(record.kind, record.get_kind_display()),
        "city": record.city,
        "logo": picture(request, record.logo, THUMBNAIL),
    }


# People.


def people(request, filters):
    records = filtered(Person.objects.public(), PersonFilterForm, filters)
    return Listing(
        person_cards(records.in_display_order()),
        lambda page: [person_summary(request, record) for record in page],
    )


def person(request, reference):
    record = one(
        person_cards(Person.objects.public()), reference, _("There is no person in the directory with this slug or id.")
    )
    return {
        **person_summary(request, record),
        "biography": record.display_bio,
        "links": list(record.links or []),
    }


def person_summary(request, record):
    """A public person as their directory page shows them: never their email, phone or gender."""
    return {
        **listed(request, record),
        "title": record.display_title,
        "photo": picture(request, record.photo, THUMBNAIL),
        # person_cards loads the affiliations with organisations listed in the directory.
        "affiliations": [affiliation(request, link) for link in record.affiliations.all()],
    }


def affiliation(request, link):
    organisation = link.organisation
    return {
        "organisation": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.display_name,
        "role": link.display_role,
        "until": link.end_date,
        "urls": in_each_language(request, organisation.get_absolute_url),
    }
