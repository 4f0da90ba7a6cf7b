"""Keeping Wagtail revisions in step when rows are re-pointed from one record to another.

A speaker row lives in the database (what visitors see) and again inside every revision of
its event page (what editors open, compare and publish next). When a merge moves the row to
the kept person, the revisions must say so too; otherwise the next publish would bring back
a reference to a record that no longer exists.
"""

from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex, Revision, RevisionMixin


def cluster_chain(model):
    """The revisioned model that stores ``model`` in its revisions, and the child-relation
    names from that root down to ``model`` (``(EventPage, ["sessions", "speakers"], "session__page")``),
    or ``(None, [], "")`` when ``model`` is not part of one."""
    names, lookups = [], []
    current, seen = model, set()
    while current not in seen:
        seen.add(current)
        if issubclass(current, RevisionMixin):
            return current, list(reversed(names)), "__".join(lookups)
        parental = next((f for f in current._meta.get_fields() if isinstance(f, ParentalKey)), None)
        if parental is None:
            break
        names.append(parental.remote_field.related_name)
        lookups.append(parental.name)
        current = parental.related_model
    return None, [], ""


def _parental_name(model):
    parental = next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)
    return parental.name if parental else None


def _rewrite(node, chain, field_name, old, new, unique_sets, parental_name):
    """Replaces ``old`` by ``new`` under ``field_name`` in the dicts ``chain`` leads to;
    drops a dict that now repeats a sibling on a unique set. Returns True if anything changed."""
    if not isinstance(node, dict):
        return False
    if not chain:
        if node.get(field_name) == old:
            node[field_name] = new
            return True
        return False
    children = node.get(chain[0])
    if not isinstance(children, list):
        return False
    changed = False
    for child in children:
        changed |= _rewrite(child, chain[1:], field_name, old, new, unique_sets, parental_name)
    if changed and len(chain) == 1:
        kept, seen = [], set()
        for child in children:
            keys = [
                tuple(child.get(name) for name in sorted(fields) if name != parental_name)
                for fields in unique_sets
                if field_name in fields
            ]
            if any(key in seen for key in keys):
                continue
            seen.update(keys)
            kept.append(child)
        node[chain[0]] = kept
    return changed


def repoint_revisions(model, field, old_pk, new_pk, moved_pks, unique_sets):
    """Rewrites ``field`` from ``old_pk`` to ``new_pk`` in the revisions of every object
    whose clusters hold rows of ``model``: those just moved (``moved_pks``) and any whose
    latest draft mentions ``old_pk``. Returns the number of revisions changed."""
    root_model, chain, lookup = cluster_chain(model)
    if root_model is None:
        return 0
    parental_name = _parental_name(model)
    if chain:
        root_pks = set(model._base_manager.filter(pk__in=moved_pks).values_list(lookup, flat=True))
    else:
        root_pks = set(moved_pks)
    latest = Revision.objects.filter(
        pk__in=root_model._base_manager.exclude(latest_revision=None).values("latest_revision")
    )
    for revision in latest.only("pk", "content", "object_id"):
        probe = dict(revision.content)
        if _rewrite(probe, chain, field.name, old_pk, new_pk, unique_sets, parental_name):
            root_pks.add(int(revision.object_id))
    changed = 0
    roots = root_model._base_manager.filter(pk__in=root_pks)
    for root in roots:
        for revision in Revision.objects.for_instance(root).only("pk", "content"):
            content = revision.content
            if _rewrite(content, chain, field.name, old_pk, new_pk, unique_sets, parental_name):
                Revision.objects.filter(pk=revision.pk).update(content=content)
                changed += 1
        ReferenceIndex.create_or_update_for_object(root.specific if hasattr(root, "specific") else root)
    return changed
