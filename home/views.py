import re

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.static import serve
from wagtail.models import Locale, Page


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def media(request, path):
    """Uploaded files, when the site serves its own media. A name no file system can hold
    (longer than it allows) is a file that does not exist."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404 from error


def search(request):
    # Quotes and other full-text operators a visitor types by accident are dropped: SQLite's
    # full-text engine refuses an unbalanced quote.
    query = " ".join(re.sub(r'["*^(){}:\[\]]', " ", request.GET.get("q") or "").split())[:200]
    results = Page.objects.none()
    if query:
        locale = Locale.get_active()
        results = Page.objects.live().public().filter(locale=locale).specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page_obj = paginator.page(1)
    return render(request, "home/search.html", {"query": query, "results": page_obj})
