"""How the authorization matrix (test_matrix.py) finds the site's addresses, fills them with
event A's real records, tells which take a POST and reads the answers.

Addresses: every URL pattern from the resolver (tests/url_patterns.py) in both languages where
it has a language prefix, each live page of the page tree in both languages, and each item of
the admin's menu. A pattern's parameters are filled with the world's records
(tests/security/matrix_roles.py): event A, its participant's registration, ticket, certificate,
calendar feed, print job and online-meeting report, the directory's organisation and people,
the admin's image, document, collection and so on.

Answers are read as one of four outcomes: ``ok`` (the role reached the view: a page, a file, a
redirect elsewhere than to a sign-in, a form's or the desk's 400), ``login`` (sent to sign in,
or the API's 401 asking for a token),
``denied`` (403, 404, or Wagtail's "you do not have permission" redirect to the dashboard),
``method`` (405: the view takes no such request and did nothing) and ``error`` (5xx)."""

import functools
import inspect
import urllib.parse
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from ninja.operation import PathView
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.models import Page

from events.attendance.services.certificates import grouped
from events.models import EventPage
from tests.url_patterns import chains, fill, route, slots

LANGUAGES = ["ar", "en"]
# Wagtail's page-serving pattern: the matrix requests the page tree's pages instead.
PAGE_SERVING = "<lang>/((?:[\\w\\-]+/)*)$"
DOCUMENT_SERVING = "documents/(\\d+)/(.*)$"
# Wagtail's page for checking that server errors are reported: it fails on purpose.
DELIBERATE_ERRORS = "admin/failwhale/"
DENIED_MESSAGE = "Sorry, you do not have permission to access this area."


@dataclass(frozen=True)
class Target:
    key: str  # the access table's key: a pattern's route, "page:<model>" or the menu item's route
    url: str
    language: str


# --- filling parameters --------------------------------------------------------------------


def values_of(world):
    """The world's records as the strings URLs carry."""
    event_a = EventPage.objects.get(pk=world["event_a"])
    index = event_a.get_parent()
    return {
        "event_a": world["event_a"],
        "events_index": index.pk,
        "reference": world["references"][0],
        "registration": world["registration"],
        "certificate": grouped(world["certificate"]),
        "ticket_token": world["ticket_token"],
        "feed_token": world["feed_token"],
        "invitation": world["invitation"],
        "invitation_token": world["invitation_token"],
        "slot": world["slot"],
        "print_job": world["print_job"],
        "meeting_report": world["meeting_report"],
        "meeting_columns": world["meeting_columns"],
        "revision": world["revision"],
        "image": world["image"],
        "document": world["document"],
        "collection": world["collection"],
        "redirect": world["redirect"],
        "workflow": world["workflow"],
        "task": world["task"],
        "venue": world["venue"],
        "session": world["session"],
        "person": world["person"],
        "organisation": world["organisation"],
        "network": world["network"],
        "user": world["participant"],
        "group": world["organisers_group"],
        "locale": event_a.locale_id,
        "site": index.get_site().pk,
        "kind": event_a.kind,
    }


# Parameters named alike mean the same record everywhere, except where BY_ROUTE says otherwise.
BY_NAME = {
    "event_id": "event_a",
    "page_id": "event_a",
    "page_pk": "event_a",
    "page_to_move_id": "event_a",
    "parent_page_id": "events_index",
    "destination_id": "events_index",
    "reference": "reference",
    "code": "certificate",
    "slot": "slot",
    "revision_id": "revision",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "workflow_pk": "workflow",
    "task_id": "task",
}
# (a fragment of the route, parameter): a value name from ``values_of`` or ``=literal``.
BY_ROUTE = [
    ("reports/<str:key>/columns", "key", "meeting_columns"),
    ("reports/<str:key>", "key", "meeting_report"),
    ("print/<str:key>", "key", "print_job"),
    ("<str:result_id>", "result_id", "=0b3c2a52-4f0e-4c36-9a51-6f1d2e7c8b90"),
    ("my/calendar/<str:token>", "token", "feed_token"),
    ("invitation/<str:token>", "token", "invitation_token"),
    ("my/api-tokens/", "token_id", "api_token"),
    ("api/v1/organisations/", "reference", "organisation"),
    ("api/v1/people/", "reference", "public_person"),
    ("admin/webhooks/redeliver/", "pk", "webhook_delivery"),
    ("admin/webhooks/", "pk", "webhook"),
    ("tickets/check/<str:token>", "token", "ticket_token"),
    ("password_reset/confirm", "uidb64", "=MQ"),
    ("password_reset/confirm", "token", "=set-password"),
    ("confirm-email", "key", "=MQ:1tX:not-a-key"),
    ("password/reset/key", "uidb36", "=1"),
    ("password/reset/key", "key", "=not-a-key"),
    ("api/main/pages/", "pk", "event_a"),
    ("api/main/pages/", "action_name", "=copy"),
    ("api/main/documents/", "pk", "document"),
    ("api/main/images/", "pk", "image"),
    ("admin/pages/(?P<pk>", "pk", "event_a"),
    ("admin/pages/(?P<pk>", "revision_id_a", "=earliest"),
    ("admin/pages/(?P<pk>", "revision_id_b", "=latest"),
    ("admin/pages/add/", "content_type_app_name", "=events"),
    ("admin/pages/add/", "content_type_model_name", "=eventpage"),
    ("admin/pages/usage/", "content_type_app_name", "=events"),
    ("admin/pages/usage/", "content_type_model_name", "=eventpage"),
    ("admin/pages/create/", "app_label", "=events"),
    ("admin/pages/create/", "model_name", "=eventpage"),
    ("admin/pages/workflow/", "action_name", "=approve"),
    ("admin/pages/workflow/", "task_state_id", "=1"),
    ("workflow_history/detail/", "workflow_state_id", "=1"),
    ("admin/bulk/", "app_label", "=wagtailcore"),
    ("admin/bulk/", "model_name", "=page"),
    ("admin/bulk/", "action", "=delete"),
    ("tag-autocomplete/", "app_name", "=taggit"),
    ("tag-autocomplete/", "model_name", "=tag"),
    ("admin/collections/", "pk", "collection"),
    ("admin/workflows/tasks/add/", "app_label", "=wagtailcore"),
    ("admin/workflows/tasks/add/", "model_name", "=groupapprovaltask"),
    ("admin/workflows/tasks/", "pk", "task"),
    ("admin/workflows/", "pk", "workflow"),
    ("editing-sessions/", "app_label", "=wagtailcore"),
    ("editing-sessions/", "model_name", "=page"),
    ("editing-sessions/", "object_id", "event_a"),
    ("editing-sessions/", "session_id", "=1"),
    ("admin/registrations/", "action", "=cancel"),
    ("admin/registrations/event/<record_id:event_id>/messages/", "pk", "event_message"),
    ("admin/registrations/event/<record_id:event_id>/invitations/", "pk", "invitation"),
    ("admin/registrations/", "pk", "registration"),
    ("admin/settings/", "app_name", "=home"),
    ("admin/settings/", "model_name", "=sitechrome"),
    ("admin/settings/", "pk", "site"),
    ("admin/translation/submit/snippet/", "app_label", "=network"),
    ("admin/translation/submit/snippet/", "model_name", "=organisation"),
    ("admin/translation/submit/snippet/", "pk", "organisation"),
    ("admin/images/", "filter_spec", "=fill-80x80"),
    ("admin/images/chooser/chosen/", "pk", "image"),
    ("admin/documents/chooser/chosen/", "pk", "document"),
    ("uploaded_file_id", "uploaded_file_id", "=1"),
    ("snippets/events/venue/", "pk", "venue"),
    ("snippets/choose/events/venue/", "pk", "venue"),
    ("network/organisation/", "pk", "organisation"),
    ("network/person/", "pk", "person"),
    ("network/network/", "pk", "network"),
    ("directory-tools/", "kind", "=people"),
    ("directory-tools/", "file_format", "=csv"),
    ("admin/locales/", "pk", "locale"),
    ("admin/sites/", "pk", "site"),
    ("admin/users/", "pk", "user"),
    ("admin/groups/", "pk", "group"),
    ("webauthn/keys/", "pk", "=1"),
    ("authenticate_with_password/", "restriction_id", "=1"),
    ("authenticate_with_password/", "page_view_restriction_id", "=1"),
    ("directory/organisations/", "slug", "organisation_slug"),
    ("directory/people/", "slug", "public_person_slug"),
    ("directory/networks/", "slug", "network_slug"),
    ("calendar/kind/", "kind", "kind"),
    ("calendar/organisation/", "slug", "organisation_slug"),
    ("calendar/event/", "pk", "event_a"),
    ("calendar/session/", "pk", "session"),
    ("^media/", "path", "image_file"),
    ("admin/.*/$", "", "=no-such-screen"),
]
# Query strings that give a screen its subject (the bulk actions' selection).
QUERIES = {
    "admin/registrations/event/<record_id:event_id>/bulk/<slug:action>/": "id={registration}",
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": "id={event_a}",
}


# The fields Wagtail's own forms always send, without which these views fail before they
# answer (a page's stream field count, the copy form's destination, the external link): an
# empty POST would test Wagtail's parsing, not who may post.
BODIES = {
    "admin/pages/<int:page_id>/edit/": {"body-count": "0"},
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": {"body-count": "0"},
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/": {
        "body-count": "0"
    },
    "admin/pages/<int:page_id>/copy/": {"new_parent_page": "{events_index}"},
    "admin/choose-external-link/": {"external-link-chooser-url": ""},
}


def post_data(target, values):
    return {name: value.format(**values) for name, value in BODIES.get(target.key, {}).items()}


def parameter(key, slot, values, world):
    """The value of one parameter ``slot`` (converter, name) of the pattern ``key``."""
    _converter, name = slot
    chosen = next((value for fragment, named, value in BY_ROUTE if fragment in key and named == name), None)
    chosen = chosen or BY_NAME.get(name)
    if chosen is None:
        raise LookupError(f"No value for the parameter {name!r} of {key!r}: add one to BY_ROUTE")
    if chosen.startswith("="):
        return chosen[1:]
    return str(values[chosen] if chosen in values else world[chosen])


def pattern_targets(world, values):
    targets = []
    for language, chain, _pattern in chains(LANGUAGES):
        key = route(chain)
        if key in (PAGE_SERVING, DELIBERATE_ERRORS):
            continue
        url = pattern_url(key, slots(chain, language), values, world)
        if key in QUERIES:
            url += "?" + QUERIES[key].format(**values)
        targets.append(Target(key, url, language))
    return targets


def pattern_url(key, parts, values, world):
    if key == DOCUMENT_SERVING:  # two unnamed groups: the document's id and its file name
        return f"/documents/{world['document']}/{world['document_file']}"
    return fill(parts, lambda index, slot: parameter(key, slot, values, world))


def page_targets():
    """Each live page of the page tree, in each of its languages, keyed by its type."""
    targets = []
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        url = page.url
        if url:
            language = url.strip("/").split("/")[0]
            targets.append(Target(f"page:{page._meta.label_lower}", url, language))
    return targets


def menu_urls(request):
    """The addresses of the admin menu's items shown for ``request`` (submenus opened)."""
    found = []

    def collect(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                collect(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/"):
                found.append((item.name, item.url))

    collect(admin_menu.menu_items_for_request(request))
    return found


def menu_targets(request):
    """The admin menu's items shown for ``request``, as addresses to request."""
    return [Target(route_of(url), url, LANGUAGES[0]) for _name, url in menu_urls(request)]


def route_of(url):
    """The access table's key of the pattern ``url`` resolves to."""
    return route_key(resolved(url))


def route_key(match):
    text = match.route
    for language in LANGUAGES:
        if text.startswith(f"{language}/"):
            return "<lang>/" + text.removeprefix(f"{language}/")
    return text


# --- which views take a POST --------------------------------------------------------------


# Function views that hand the request to a view class of their choosing (Wagtail's bulk
# actions): they take a POST though their own code does not say so.
HANDED_ON = {"admin/bulk/<str:app_label>/<str:model_name>/<str:action>/"}


def takes_post(url):
    """Whether the view behind ``url`` takes a POST: a view class with ``post``; a function
    under ``require_http_methods`` (or the desk's one-method decorator) as it says; another
    function when it reads the method or the POST data itself. ``None`` when the view cannot
    be found without a request (a page-view router for a page that does not exist)."""
    match = resolved(url)
    if route_key(match) in HANDED_ON:
        return True
    try:
        view = routed_view(match)
    except (ObjectDoesNotExist, KeyError):  # the router finds nothing to route to: the request will say
        return None
    if getattr(view, "actions", None) is not None:  # a REST framework viewset: its routes' methods
        return "post" in view.actions
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    if isinstance(view, functools.partial):  # Django Ninja's schema and documentation pages
        return False
    path_view = inspect.getclosurevars(view).nonlocals.get("self")
    if isinstance(path_view, PathView):  # a Django Ninja address: its operations' methods
        return any("POST" in operation.methods for operation in path_view.operations)
    layers = []
    while view is not None:
        layers.append(view)
        view = getattr(view, "__wrapped__", None)
    for layer in layers:
        nonlocals = inspect.getclosurevars(layer).nonlocals
        methods = nonlocals.get("request_method_list", nonlocals.get("method"))
        if isinstance(methods, (list, tuple, str)):
            return "POST" in methods
    return any("POST" in inspect.getsource(layer) or "request.method" in inspect.getsource(layer) for layer in layers)


def routed_view(match):
    """The view a Wagtail page-view router sends ``match`` to; any other view as it is."""
    layer = match.func
    while layer is not None and not isinstance(layer, functools.partial):
        router = inspect.getclosurevars(layer).nonlocals
        if "get_viewset" in router:
            return router["get_viewset"](match.kwargs).get_view_by_name(router["view_name"])
        layer = getattr(layer, "__wrapped__", None)
    return match.func


def resolved(url):
    """``resolve(url)`` in the language of its prefix (the resolver knows the active one's)."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    prefix = path.strip("/").split("/")[0]
    with translation.override(prefix if prefix in LANGUAGES else LANGUAGES[0]):
        return resolve(path)


# --- reading answers -----------------------------------------------------------------------


def outcome(response):
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 405:
        return "method"
    if status in (403, 404):
        return "denied"
    if status == 401:  # the API asking for a token (a session opens none of it)
        return "login"
    if status in (301, 302, 303, 307):
        return redirect_outcome(response)
    return "ok"


def redirect_outcome(response):
    location = urllib.parse.urlsplit(response["Location"]).path
    if location in {f"/{language}{response.wsgi_request.path}" for language in LANGUAGES}:
        return "denied"  # Django's locale middleware answering a 404 outside the language prefix
    try:
        name = resolve(location).url_name
    except Resolver404:
        return "ok"
    if name in ("account_login", "wagtailadmin_login"):
        return "login"
    if location == reverse("wagtailadmin_home") and permission_denied(response):
        return "denied"
    return "ok"


def permission_denied(response):
    """Whether Wagtail answered with its "you do not have permission" message."""
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    wanted = set()
    for language in LANGUAGES:
        with translation.override(language):
            wanted.add(translation.gettext(DENIED_MESSAGE))
    return any(str(message.message).strip() in wanted for message in queued)
