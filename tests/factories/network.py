"""Factories for the directory: organisations, people, affiliations, networks."""

import factory

from network.models import Affiliation, Network, NetworkMembership, Organisation, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Civic Group {n}")
    name_ar = factory.Sequence(lambda n: f"مجموعة مدنية {n}")
    slug = factory.Sequence(lambda n: f"civic-group-{n}")
    kind = "ngo"
    country = "IQ"
    governorate = "baghdad"


class PersonFactory(factory.django.DjangoModelFactory):
    """A person with a public profile and private contact details; ``participant=True`` gives
    someone who signed up for events instead: no public profile, no phone, no place."""

    class Meta:
        model = Person

    class Params:
        participant = factory.Trait(public_profile=False, phone="", country="", governorate="")

    name = factory.Sequence(lambda n: f"Member {n}")
    name_ar = factory.Sequence(lambda n: f"العضو {n}")
    slug = factory.Sequence(lambda n: f"member-{n}")
    email = factory.LazyAttribute(lambda person: f"{person.slug}@private.example.org")
    phone = factory.Sequence(lambda n: f"+964 770 {n:07d}")
    country = "IQ"
    governorate = "basra"
    public_profile = True


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Coordinator"
    role_ar = "منسق"
    is_primary = True


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Dialogue Network {n}")
    name_ar = factory.Sequence(lambda n: f"شبكة الحوار {n}")
    slug = factory.Sequence(lambda n: f"dialogue-network-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    cohort = "Phase 1"
    cohort_ar = "المرحلة الأولى"
