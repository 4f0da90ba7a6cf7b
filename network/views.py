"""The public directory: lists with filters and search, and a page per organisation, person
and network. Only public records appear (see the consent rule in network.models)."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from wagtail import hooks

from core import pagecache, sharing
from core.paging import page_of
from network import jsonld
from network.forms import OrganisationFilterForm, PersonFilterForm
from network.models import Affiliation, Network, NetworkMembership, Organisation, OrganisationKind, Person
from network.queries import organisation_cards, person_cards, thumbnails
from network.search import has_terms, matching

PER_PAGE = 24
PORTRAIT = "fill-240x240"
PREVIEW = 6
# Link previews: a logo whole on a square, a photo cropped around its focal point.
LOGO_PREVIEW = "max-600x600"
PHOTO_PREVIEW = "fill-600x600"


def _paginate(request, queryset):
    page = page_of(request, queryset, PER_PAGE, message=_("There is no such page of results."))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


@pagecache.shared
def directory(request):
    query = (request.GET.get("q") or "").strip()[:200]
    context = {"query": query}
    if has_terms(query):
        organisations = matching(Organisation.objects.public(), query)
        people = matching(Person.objects.public(), query)
        context.update(
            organisations=organisation_cards(organisations.in_display_order())[:PREVIEW],
            organisation_total=organisations.count(),
            people=person_cards(people.in_display_order())[:PREVIEW],
            people_total=people.count(),
        )
    else:
        kinds = dict(
            Organisation.objects.public()
            .order_by()
            .values_list("kind")
            .annotate(total=Count("pk"))
            .values_list("kind", "total")
        )
        context.update(
            kinds=[(value, label, kinds[value]) for value, label in OrganisationKind.choices if kinds.get(value)],
            networks=Network.objects.public().in_display_order().select_related("convener"),
            organisation_total=sum(kinds.values()),
            people_total=Person.objects.public().count(),
            people=person_cards(Person.objects.public().order_by("-pk"))[:PREVIEW],
        )
    return render(request, "network/directory.html", context)


@pagecache.shared
def organisations(request):
    base = Organisation.objects.public()
    form = OrganisationFilterForm(request.GET, base_queryset=base)
    results = _paginate(request, organisation_cards(form.filter(base).in_display_order()))
    return render(request, "network/organisation_list.html", {"form": form, "results": results})


@pagecache.shared
def people(request):
    base = Person.objects.public()
    form = PersonFilterForm(request.GET, base_queryset=base)
    results = _paginate(request, person_cards(form.filter(base).in_display_order()))
    organisation = form.cleaned_data.get("organisation") if form.is_valid() else None
    return render(request, "network/person_list.html", {"form": form, "results": results, "organisation": organisation})


@pagecache.shared
def organisation(request, slug):
    record = get_object_or_404(Organisation.objects.public().select_related("logo"), slug=slug)
    affiliations = thumbnails(
        Affiliation.objects.filter(organisation=record, person__public_profile=True), "person__photo"
    ).order_by("-is_primary", "person__name", "pk")
    people_total = affiliations.values("person").distinct().count()
    context = {
        "organisation": record,
        "affiliations": affiliations[:48],
        "people_total": people_total,
        "networks": _networks_of(record, convened=True),
        "jsonld": jsonld.organisation(request, record),
        "open_graph": sharing.open_graph(
            request,
            title=record.display_name,
            description=record.display_description,
            url=request.build_absolute_uri(record.get_absolute_url()),
            image=sharing.share_image(record.logo, request, LOGO_PREVIEW),
        ),
    }
    context.update(_from_hooks("directory_organisation_context", record))
    return render(request, "network/organisation_detail.html", context)


@pagecache.shared
def person(request, slug):
    record = get_object_or_404(Person.objects.public().select_related("photo"), slug=slug)
    context = {
        "person": record,
        "affiliations": record.affiliations.filter(organisation__is_public=True).select_related("organisation"),
        "networks": _networks_of(record),
        "jsonld": jsonld.person(request, record),
        "open_graph": sharing.open_graph(
            request,
            title=record.display_name,
            description=record.display_title,
            url=request.build_absolute_uri(record.get_absolute_url()),
            image=sharing.share_image(record.photo, request, PHOTO_PREVIEW),
            kind="profile",
        ),
    }
    context.update(_from_hooks("directory_person_context", record))
    return render(request, "network/person_detail.html", context)


def _from_hooks(name, record):
    """What other apps add to a directory page (the events app: what the person or
    organisation took part in), so the directory never imports them."""
    context = {}
    for hook in hooks.get_hooks(name):
        context.update(hook(record))
    return context


@pagecache.shared
def network(request, slug):
    record = get_object_or_404(Network.objects.public().select_related("convener"), slug=slug)
    memberships = NetworkMembership.objects.filter(network=record).select_related(
        "organisation", "person", "joined_at_event"
    )
    organisations = [m for m in memberships if m.organisation_id and m.organisation.is_public]
    people = [m for m in memberships if m.person_id and m.person.public_profile]
    context = {"network": record, "organisation_members": organisations, "people_members": people}
    return render(request, "network/network_detail.html", context)


def _networks_of(record, convened=False):
    networks = {
        membership.network.pk: membership
        for membership in record.memberships.filter(network__is_public=True).select_related("network")
    }
    result = [{"network": m.network, "cohort": m.display_cohort, "joined_on": m.joined_on} for m in networks.values()]
    if convened:
        for network_record in record.convened_networks.public():
            if network_record.pk not in networks:
                result.append({"network": network_record, "convener": True})
    return result
