"""The network: organisations, people, their affiliations and the networks they belong to.

Names come in two scripts (``name`` as written in Latin script, ``name_ar`` in Arabic);
``display_name`` picks the one for the active language and falls back to the other.

Public consent
--------------
A person appears in public only when ``Person.public_profile`` is set, and that flag alone
decides it (``Person.objects.public()`` and ``Person.public_url`` read it). ``public_basis``
records why it may be set: the person's consent (with the moment it was given in
``public_profile_since``), or a published article that names them in public (named in
``public_source``; no consent date is recorded then). People named in the demo's source
articles are public on the second basis, never on a consent they did not give:

* Directory lists, directory search, person pages, organisation pages (their people), network
  pages (their members), the sitemap and JSON-LD use ``Person.objects.public()`` only. A
  person without consent has no public page: their address answers 404.
* Email, phone and gender are private whatever the consent: no public template, feed, index,
  sitemap or structured data may use them. Staff see them in the Wagtail admin and in exports.
* On event pages, a speaker's name and affiliation are shown when the organiser leaves "name
  shown publicly" set on that speaker (``events.SessionSpeaker.show_publicly``, on by default:
  speaking on a public programme is public) and hidden when they clear it. The name links to
  the directory, and a photo or biography appears, only with a public profile
  (``Person.public_url`` is empty otherwise). Directory pages list only sessions whose speaker
  is shown publicly, so a hidden speaker is not revealed through the directory either.
* Organisations are not personal data; they are listed unless staff untick ``is_public``.
"""

from network.models.base import BilingualNameMixin, Gender, OrganisationKind, PublicBasis
from network.models.consents import Consent, ConsentSubject
from network.models.directory import Affiliation, Organisation, Person
from network.models.merges import MergeLog
from network.models.networks import Network, NetworkMembership

__all__ = [
    "Affiliation",
    "BilingualNameMixin",
    "Consent",
    "ConsentSubject",
    "Gender",
    "MergeLog",
    "Network",
    "NetworkMembership",
    "Organisation",
    "OrganisationKind",
    "Person",
    "PublicBasis",
]
