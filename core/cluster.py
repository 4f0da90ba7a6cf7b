"""modelcluster's ``ClusterableModel`` and Wagtail's pages, read from the database more cheaply.

modelcluster's constructor lists the model's child relations on every instance, to take the
child lists one may pass as keyword arguments. A row read from the database is built from
positional values only, so there is nothing to take: an event page showing 40 sessions, 60
speakers and 85 organisations spent 3.4 % of its instructions listing relations it then did
not use (bench/instructions.py). Built with keyword arguments, a model behaves exactly as
modelcluster's.
"""

from django.db import models
from django.db.models.base import DEFERRED
from modelcluster import models as cluster


class ClusterableModel(cluster.ClusterableModel):
    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        if kwargs:
            super().__init__(*args, **kwargs)
        else:  # what modelcluster does when no child list is given, without looking for one
            super(cluster.ClusterableModel, self).__init__(*args)


class PageRows:
    """For a Wagtail page model, put before ``Page`` among its bases: a page read from the
    database is built as Django builds any row. Wagtail's page constructors only give a new
    page (no id yet) its content type and menu setting, and modelcluster's looks for child
    lists passed as keyword arguments; a row has an id and positional values only. A list of
    event pages (the events index's cards, a calendar feed of a thousand events) built each
    one through all three. A page built any other way goes through them as before."""

    def __init__(self, *args, **kwargs):
        if not kwargs and _is_row(type(self), args):
            models.Model.__init__(self, *args)
        else:
            super().__init__(*args, **kwargs)


_PK_POSITIONS = {}


def _is_row(model, values):
    """Are ``values`` a full row of ``model`` with its primary key, as ``Model.from_db`` passes
    them (deferred fields hold ``DEFERRED``)?"""
    fields = model._meta.concrete_fields
    if len(values) != len(fields):
        return False
    position = _PK_POSITIONS.get(model)
    if position is None:
        position = _PK_POSITIONS[model] = fields.index(model._meta.pk)
    return values[position] is not None and values[position] is not DEFERRED
