"""Pages found by any spelling of their words.

Wagtail's search backend matches words as they are written, so «الإعلام» would miss «إعلام»
and «أحمد» would miss «احمد». Each page also indexes its text folded the directory's way
(``network.text.index_text``), and the site search folds the query the same way
(``network.search.index_query``).
"""

from django.utils.html import strip_tags
from wagtail.blocks import StreamValue
from wagtail.search import index

from network.text import index_text


def _searchable(value):
    if callable(value):
        value = value()
    if isinstance(value, StreamValue):
        return " ".join(str(part) for part in value.stream_block.get_searchable_content(value))
    return strip_tags(str(value or ""))


class FoldedSearchMixin:
    """``folded_fields``: attributes or methods whose text is indexed folded."""

    folded_fields = ("title",)

    def folded_text(self):
        return index_text(*(_searchable(getattr(self, name, "")) for name in self.folded_fields))


FOLDED = index.SearchField("folded_text")
