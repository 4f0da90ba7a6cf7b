"""Test content indexed once it is built, instead of on every save."""

import threading
from contextlib import contextmanager
from unittest import mock

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
            saved[(sender, instance.pk)] = None

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
    with _each_record_indexed_once(ReferenceIndex):
        for model, pk in saved:
            if not model._default_manager.filter(pk=pk).exists():
                continue
            arguments = (model._meta.app_label, model._meta.model_name, str(pk))
            if model in searched:
                insert_or_update_object_task.call(*arguments)
            if model in ReferenceIndex.tracked_models:
                update_reference_index_task.call(*arguments)


@contextmanager
def _each_record_indexed_once(ReferenceIndex):
    """Wagtail's task files a session's or a speaker's references under its page (it finds the
    page itself); the page is indexed once, not again for each of its sessions and speakers."""
    index = ReferenceIndex.create_or_update_for_object
    done = set()

    def once(object):
        key = (object._meta.concrete_model, object.pk)
        if key not in done:
            done.add(key)
            index(object)

    with mock.patch.object(ReferenceIndex, "create_or_update_for_object", once):
        yield
