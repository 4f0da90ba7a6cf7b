"""Addresses no page can answer are turned away before they reach a view or the database,
whichever view (ours or Wagtail's) the address leads to:

- a NUL character in the path or in the query string: PostgreSQL cannot hold one in text and
  SQLite's full-text search stops at it. No page has such an address (404); a search or a
  filter with one gets a short page saying it cannot be used (400);
- a number in the path too large for any database id (the ``int`` path converter takes any
  length): not found (404);
- a lookup by a value the id column cannot hold, which Wagtail's own chooser addresses let
  through (``chosen/<str:pk>/``): not found (404);
- an address only a button's form sends to (a new calendar address), opened as a page: the
  site's page saying so (405) instead of an empty one. The API and the admin answer their own.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.defaults import page_not_found
from wagtail.models import Page

from core.ids import LARGEST_ID


def query_has_nul(request):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


def _failed_id_lookup(exception):
    """True for the error Django raises when a value cannot be turned into a number for a
    number column: ``ValueError: Field 'id' expected a number but got 'x'``."""
    kinds = (ValueError, TypeError)
    if not isinstance(exception, kinds) or not isinstance(exception.__cause__, kinds):
        return False
    frame = exception.__traceback__
    while frame.tb_next is not None:
        frame = frame.tb_next
    code = frame.tb_frame.f_code
    return code.co_name == "get_prep_value" and code.co_filename.replace("\\", "/").endswith(
        "django/db/models/fields/__init__.py"
    )


class UnusableAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return page_not_found(request, Http404())
        if query_has_nul(request):
            return render(request, "400.html", status=400)
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
            and not request.path_info.startswith(("/api/", "/admin/"))
        ):
            page = render(request, "405.html", status=405)
            page["Allow"] = response.get("Allow", "")
            return page
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > LARGEST_ID:
                raise Http404

    def process_exception(self, request, exception):
        if _failed_id_lookup(exception):
            return page_not_found(request, Http404())
        return None


class SerialPageCreationMiddleware:
    """Two requests creating a page under the same parent at once (Wagtail's autosave drafting
    a new page while its editor presses "Publish", or a button pressed twice) each read the
    parent's children before either writes; the second then failed at the database, on the
    tree path or the slug the first had just taken, with a server error. Here each such
    request runs in a transaction that first locks the parent page's row (on SQLite, the
    transaction's immediate write lock does the same): the second waits for the first, then
    its form sees the new page and says the slug is taken."""

    VIEW = "wagtailadmin_pages:add"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != self.VIEW:
            return None
        with transaction.atomic():
            list(Page.objects.select_for_update().filter(pk=view_kwargs.get("parent_page_id")).values_list("pk"))
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response
