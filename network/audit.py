"""The directory's part of the audit log: what staff did with one person's record, written to
Wagtail's log as entries on the person (``ModelLogEntry``), and the person's history, which
also lists the entries other apps keep about them.

Opening a screen that shows a person's private details is written down too, once per staff
member, person and screen every ten minutes (``first_look``, counted in the shared cache), so
a reloaded page does not fill the log. The events app uses the same rule for its screens.

Other apps add what they know about a person through the ``person_log_entries`` hook: a
function of the reader and the person returning a queryset of log entries (of any log model)
the reader may see, or ``None``."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import IntegerField, Value
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from network.models import Person

VIEW = "network.view"
MERGE = "network.merge"
HOOK = "person_log_entries"
# How long a look at one person's private details from one screen counts as one.
LOOK_SECONDS = 10 * 60


def first_look(user, person_id, screen):
    """Whether this is ``user``'s first look at ``person_id`` from ``screen`` in ten minutes
    (``cache.add`` is atomic, so two tabs opened at once count once)."""
    key = f"audit:look:{user.pk}:{person_id}:{screen}"
    return cache.add(key, True, timeout=LOOK_SECONDS)


def record(instance, action, user, **details):
    """Writes the audit entry of ``action`` on a directory record (a person, an organisation)
    by ``user``, with ``details`` as JSON."""
    data = {key: value for key, value in details.items() if value not in (None, "", [], {})}
    return log(instance=instance, action=action, user=user if user and user.is_authenticated else None, data=data)


def viewed(user, person, screen="directory"):
    """Writes down that ``user`` opened ``person``'s private details on ``screen``, at most
    once in ten minutes."""
    if user.is_authenticated and first_look(user, person.pk, screen):
        record(person, VIEW, user, screen=screen)


def move_entries(model, duplicate_id, survivor_id):
    """A merge's duplicate's log entries now belong to the record kept, so its history keeps
    everything that was done to either."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = ModelLogEntry.objects.filter(content_type=content_type, object_id=str(duplicate_id))
    entries.update(object_id=str(survivor_id))


def forget(person):
    """Takes a deleted account's names out of the entries on its person (already erased):
    Wagtail keeps the record's name with each entry, and a merge the duplicate's. What was done,
    when and by whom stays."""
    entries = list(own_entries(person))
    for entry in entries:
        entry.label = str(person)
        entry.data = {key: value for key, value in (entry.data or {}).items() if key != "merged"}
    ModelLogEntry.objects.bulk_update(entries, ["label", "data"])


def own_entries(person):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person, for_concrete_model=False), object_id=str(person.pk)
    )


def history_sources(user, person):
    """The querysets of log entries about ``person`` that ``user`` may read: the person's own,
    then each app's (the ``person_log_entries`` hook)."""
    sources = [own_entries(person)]
    for entries in hooks.get_hooks(HOOK):
        found = entries(user, person)
        if found is not None:
            sources.append(found)
    return sources


def history(sources):
    """One queryset of ``(pk, timestamp, source)`` rows over every source, newest first: a
    page of it is then read back with ``entries_of``."""
    combined = None
    for index, entries in enumerate(sources):
        rows = entries.order_by().values("pk", "timestamp").annotate(source=Value(index, output_field=IntegerField()))
        combined = rows if combined is None else combined.union(rows, all=True)
    return combined.order_by("-timestamp", "-pk")


def entries_of(sources, rows):
    """The log entries ``rows`` (a page of ``history``) name, in their order: one query per
    source on the page, with the user who acted."""
    wanted = {}
    for row in rows:
        wanted.setdefault(row["source"], []).append(row["pk"])
    found = {}
    for index, pks in wanted.items():
        entries = sources[index].model.objects.filter(pk__in=pks).select_related("user", "user__wagtail_userprofile")
        for entry in entries:
            found[index, entry.pk] = entry
    return [found[row["source"], row["pk"]] for row in rows if (row["source"], row["pk"]) in found]


def register(actions):
    """The ``register_log_actions`` hook's work."""
    actions.register_action(VIEW, _("View personal data"), _("Opened this person's private details"))
    actions.register_action(MERGE, _("Merge duplicates"), _("Merged a duplicate into this record"))
