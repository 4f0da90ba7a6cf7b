"""Writing down what a person agreed to: the one way ``Consent`` rows are made."""

import hashlib

from django.utils import translation

from network.models import Consent, ConsentSubject


def version_of(wording):
    """A short fingerprint of the words shown: the same words, the same version."""
    return hashlib.sha256(" ".join(str(wording).split()).encode()).hexdigest()[:16]


def record(person, subject, given, wording, *, language=None, context=""):
    """One consent row for ``person``: ``wording`` exactly as it was shown, in ``language``."""
    consent = build(person, subject, given, wording, language=language, context=context)
    consent.save()
    return consent


def record_many(rows):
    """Several rows at once (the consent questions of one registration): ``rows`` are
    ``Consent`` instances built by ``build``."""
    return Consent.objects.bulk_create(rows)


def build(person, subject, given, wording, *, language=None, context=""):
    wording = str(wording)
    return Consent(
        person=person,
        subject=subject,
        given=bool(given),
        wording=wording,
        version=version_of(wording),
        language=language or translation.get_language() or "ar",
        context=str(context)[:255],
    )


__all__ = ["ConsentSubject", "build", "record", "record_many", "version_of"]
