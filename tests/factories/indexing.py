"""Test content indexed once it is built, instead of on every save."""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_save

_building = threading.local()


@contextmanager
def indexed_once():
    """Saves inside run without Wagtail's search and reference-index updates; on leaving, each
    record saved is indexed once, from what it then holds, as after its last save.

    Building an event page and its translation saves each page several times (added, a
    revision, published), and each save of a session or speaker reindexes its whole page: the
    indexing was four tenths of the factories' time. The same tasks run at the end, once per
    record (once per page for its sessions and speakers). For building content only: a record
    deleted inside is not taken out of the reference index. Inside an outer use, the outer
    one indexes."""
    if getattr(_building, "saved", None) is not None:
        yield
        return
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from fixtures import search_index_updated_after

    saved = _building.saved = {}

    def note(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[(sender, instance.pk)] = instance

    post_save.connect(note, weak=False, dispatch_uid="tests-indexed-once")
    try:
        with disable_reference_index_auto_update(), search_index_updated_after():
            yield
    finally:
        post_save.disconnect(dispatch_uid="tests-indexed-once")
        _building.saved = None
    _index(saved)


def _index(saved):
    from modelsearch.index import get_indexed_models
    from modelsearch.tasks import insert_or_update_object_task
    from wagtail.models import ReferenceIndex
    from wagtail.tasks import update_reference_index_task

    searched = {model for model in get_indexed_models() if getattr(model, "search_auto_update", True)}
    roots = set()
    for (model, pk), instance in saved.items():
        if not model._default_manager.filter(pk=pk).exists():
            continue
        arguments = (model._meta.app_label, model._meta.model_name, str(pk))
        if model in searched:
            insert_or_update_object_task.call(*arguments)
        root = _root(instance)
        if model in ReferenceIndex.tracked_models and root not in roots:
            roots.add(root)
            update_reference_index_task.call(*arguments)


def _root(instance):
    """The record the reference index files ``instance`` under: its cluster's parent (a
    session's page, a speaker's session's page), as Wagtail's task finds it."""
    from modelcluster.fields import ParentalKey

    while True:
        keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
        if not keys:
            return (type(instance)._meta.concrete_model, instance.pk)
        instance = getattr(instance, keys[0].name)
        if instance is None:
            return None
