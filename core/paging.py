"""Pages of a public list (the events index and its archive, the directory's lists): one rule
for the page number a visitor asks for.

A missing number is the first page. A number the list does not have (not a number, nought,
past the last page) is a 404, as a search engine should see it, whose page says which list has
no such page and leads to the list's first page with the visitor's filters kept
(``home.views.page_not_found`` draws it).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


class NoSuchPage(Http404):
    def __init__(self, message, first_page):
        super().__init__(message)
        self.message, self.first_page = message, first_page


def page_of(request, items, per_page, *, message, parameter="page", fragment=""):
    """The page of ``items`` that ``request`` asks for in ``parameter``; ``message`` says, in
    the visitor's language, which list has no such page; ``fragment`` is where on the page the
    list starts (its first page's link goes there)."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get(parameter) or 1)
    except (PageNotAnInteger, EmptyPage) as error:
        query = request.GET.copy()
        query.pop(parameter, None)
        first_page = f"{request.path}?{query.urlencode()}" if query else request.path
        raise NoSuchPage(message, first_page + fragment) from error
