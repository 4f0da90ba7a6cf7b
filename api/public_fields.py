"""Values every public answer words the same way: choices, places, pictures and addresses."""

from django.utils import translation

from api.schemas import LANGUAGE_CODES


def given_values(filters, names):
    """The values of ``filters`` (a request's parameters) among ``names`` that the request
    gives, as the text a form of the site's pages reads."""
    values = {name: getattr(filters, name, None) for name in names}
    return {name: str(getattr(value, "value", value)) for name, value in values.items() if value not in (None, "")}


def choice(code, label):
    return {"code": str(code), "label": str(label)}


def country(record):
    """``record.country`` as a choice (its name in the active language), or None."""
    return choice(record.country.code, record.country.name) if record.country else None


def governorate(record):
    return choice(record.governorate, record.get_governorate_display()) if record.governorate else None


def picture(request, image, spec):
    """The address of ``image`` at ``spec`` (a rendition the query prefetched), or None."""
    return request.build_absolute_uri(image.get_rendition(spec).url) if image is not None else None


def in_each_language(request, address):
    """``address()`` (a path, "" or None when there is none) in each of the site's languages,
    as full addresses."""
    urls = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            path = address()
        urls[code] = request.build_absolute_uri(path) if path else None
    return urls
