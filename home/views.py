import re

from django.http import HttpResponse
from django.shortcuts import render
from wagtail.models import Locale

from home.search import search_site


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def search(request):
    # Quotes and other full-text operators a visitor types by accident are dropped: SQLite's
    # full-text engine refuses an unbalanced quote.
    query = " ".join(re.sub(r'["*^(){}:\[\]]', " ", request.GET.get("q") or "").split())[:200]
    results = search_site(query, Locale.get_active())
    return render(request, "home/search.html", {"query": query, "results": results})
