"""The count under an admin list, said as one translated phrase.

Wagtail writes it as the number, then the model's plural name ("7 events"): in Arabic «7
الفعاليات», a definite noun, in the same form for every count. A list that names its rows with
an ``ngettext_lazy`` phrase keyed on ``count`` has the phrase translated whole instead, in each
of Arabic's six plural forms («7 فعاليات», «فعاليتان», «11 فعالية»).
"""

from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator


class CountedPaginator(WagtailPaginator):
    def __init__(self, *args, counted=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted

    @cached_property
    def items_count_label(self):
        if self.counted is None:
            return super().items_count_label
        return self.counted % {"count": self.count}


class CountedIndexMixin:
    """For a Wagtail index view whose ``counted`` names its rows."""

    paginator_class = CountedPaginator
    counted = None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, counted=self.counted, **kwargs)
