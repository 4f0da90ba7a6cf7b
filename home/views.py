import posixpath
import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.static import serve
from wagtail.models import Locale

from core.paging import NoSuchPage
from home.search import search_site
from network.imports import storage as import_previews

# Media folders that hold files for staff only (an uploaded spreadsheet between its preview and
# its confirmation): the site never serves them by name, whoever asks.
PRIVATE_MEDIA_FOLDERS = (import_previews.FOLDER,)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form sent without its security token (the page stayed open for long, the browser
    refused the site's cookie): the site's own page in the visitor's language, saying what to
    do, instead of Django's bare one. Nothing the form sent was kept."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)


def page_not_found(request, exception):
    """The site's "not found" page; a list asked for a page it does not have says so and
    leads to its first page (``core.paging``)."""
    no_such_page = exception if isinstance(exception, NoSuchPage) else None
    return render(request, "404.html", {"no_such_page": no_such_page}, status=404)


def media(request, path):
    """Uploaded files, when the site serves its own media. A name no file system can hold
    (longer than it allows) is a file that does not exist, and so is one in a private folder."""
    if posixpath.normpath(path).lstrip("/").split("/")[0] in PRIVATE_MEDIA_FOLDERS:
        raise Http404
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404 from error


def search(request):
    # Quotes and other full-text operators a visitor types by accident are dropped: SQLite's
    # full-text engine refuses an unbalanced quote.
    query = " ".join(re.sub(r'["*^(){}:\[\]]', " ", request.GET.get("q") or "").split())[:200]
    results = search_site(query, Locale.get_active())
    return render(request, "home/search.html", {"query": query, "results": results})
