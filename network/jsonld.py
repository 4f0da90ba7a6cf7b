"""schema.org descriptions of public directory pages, for search engines.

Built from public fields only: names, title, public affiliations, links and pictures. Email,
phone and gender are never included; people without a public profile have no page, so no
description either.
"""

from core.sharing import json_ld_script

ORGANISATION_TYPES = {"government": "GovernmentOrganization", "academic": "EducationalOrganization", "ngo": "NGO"}


def _script(data):
    return json_ld_script({key: value for key, value in data.items() if value})


def _image(request, image, spec):
    if image is None:
        return ""
    return request.build_absolute_uri(image.get_rendition(spec).url)


def person(request, record):
    affiliations = record.affiliations.filter(organisation__is_public=True).select_related("organisation")
    return _script(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": record.display_name,
            "alternateName": record.other_name,
            "jobTitle": record.display_title,
            "url": request.build_absolute_uri(record.get_absolute_url()),
            "image": _image(request, record.photo, "fill-240x240"),
            "sameAs": list(record.links),
            "affiliation": [
                {
                    "@type": "Organization",
                    "name": affiliation.organisation.display_name,
                    "url": request.build_absolute_uri(affiliation.organisation.get_absolute_url()),
                }
                for affiliation in affiliations
            ],
        }
    )


def organisation(request, record):
    return _script(
        {
            "@context": "https://schema.org",
            "@type": ORGANISATION_TYPES.get(record.kind, "Organization"),
            "name": record.display_name,
            "alternateName": record.other_name or record.acronym,
            "url": request.build_absolute_uri(record.get_absolute_url()),
            "logo": _image(request, record.logo, "max-400x400"),
            "sameAs": [link for link in [record.website, *record.social_links] if link],
            "description": record.display_description[:500],
        }
    )
