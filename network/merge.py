"""Merging duplicate people or organisations into one record.

Staff pick the record to keep (the survivor) and its duplicate. Everything that points at
the duplicate — affiliations, network memberships, speaker roles, partner roles,
registrations, whatever other apps add later — is found by walking the relations Django
knows about, and re-pointed at the survivor in one transaction. Where a row would then
repeat one the survivor already has (a unique constraint: the same network twice, the same
registration twice), the duplicate's row is dropped and listed in the log. Empty fields of
the survivor are filled from the duplicate; consent to a public profile is never carried
over. The duplicate is deleted, its public address redirects to the survivor's, and a
MergeLog records who did what; the audit log's entries about the duplicate move to the
survivor, beside one for the merge.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect

from network import audit
from network.errors import MergeError
from network.models import MergeLog, NetworkMembership, Organisation, Person
from network.revisions import repoint_revisions

# Never copied from the duplicate: identity, consent, bookkeeping.
KEEP_FIELDS = {
    "id",
    "slug",
    "search_text",
    "created_at",
    "public_profile",
    "public_basis",
    "public_source",
    "public_profile_since",
    "user",
}


def merge_people(survivor, duplicate, *, user=None):
    return _merge(Person, MergeLog.Kind.PERSON, survivor, duplicate, user)


def merge_organisations(survivor, duplicate, *, user=None):
    return _merge(Organisation, MergeLog.Kind.ORGANISATION, survivor, duplicate, user)


def _merge(model, kind, survivor, duplicate, user):
    if not isinstance(survivor, model) or not isinstance(duplicate, model):
        raise MergeError(_("Both records must be of the same kind."), "wrong_kind")
    if survivor.pk == duplicate.pk:
        raise MergeError(_("Choose two different records to merge."), "same_record")
    with transaction.atomic():
        rows = model._base_manager.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
        locked = {obj.pk: obj for obj in rows}
        if len(locked) != 2:
            raise MergeError(_("One of the records no longer exists. Reload the page and try again."), "missing")
        survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
        duplicate_url = duplicate.public_url
        entry = MergeLog(
            kind=kind,
            survivor_label=_label(survivor),
            duplicate_label=_label(duplicate),
            duplicate_id=duplicate.pk,
            duplicate_slug=duplicate.slug,
            merged_by=user,
        )
        moved, dropped = {}, []
        for related_model, field in reverse_relations(model):
            count = _move(related_model, field, survivor, duplicate, dropped)
            if count:
                key = f"{related_model._meta.label}.{field.name}"
                moved[key] = moved.get(key, 0) + count
        entry.filled = _fill_blanks(model, survivor, duplicate)
        duplicate.delete()
        survivor.save()
        entry.moved, entry.dropped = moved, dropped
        if kind == MergeLog.Kind.PERSON:
            entry.survivor_person = survivor
        else:
            entry.survivor_organisation = survivor
        entry.save()
        if duplicate_url and survivor.public_url:
            _redirect(duplicate, survivor)
        audit.move_entries(model, entry.duplicate_id, survivor.pk)
        audit.record(survivor, audit.MERGE, user, merged=entry.duplicate_label, duplicate=entry.duplicate_id)
    return entry


def would_drop(survivor, duplicate):
    """What merging ``duplicate`` into ``survivor`` would remove, without changing anything:
    the duplicate's rows that repeat one the survivor has (a registration for the same event,
    the same network twice), each as ``{"model": its kind, "label": the row}``, for the merge
    screen to show before staff choose."""
    return [
        {"model": related_model._meta.verbose_name, "label": str(row)[:200]}
        for related_model, field in reverse_relations(type(survivor))
        for row, repeated in _rows_and_repeats(related_model, field, survivor, duplicate)
        if repeated is not None
    ]


def reverse_relations(model):
    """Every (model, foreign key) that can point at ``model``, hidden ones included, with
    many-to-many tables reduced to the foreign key in their through model."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if relation.many_to_many:
            through = relation.through
            if through._meta.auto_created:
                found.append((through, _through_key(through, model, relation.remote_field)))
            continue
        found.append((relation.related_model, relation.field))
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            found.append((through, through._meta.get_field(field.m2m_field_name())))
    return found


def _through_key(through, model, m2m_field):
    return through._meta.get_field(m2m_field.m2m_reverse_field_name())


def unique_sets(related_model, field):
    """The groups of fields that must be unique together and include ``field``, each with
    its condition (or None)."""
    sets = []
    if field.unique:
        sets.append(({field.name}, None, True))
    for group in related_model._meta.unique_together:
        if field.name in group:
            sets.append((set(group), None, True))
    for constraint in related_model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and field.name in constraint.fields:
            nulls_distinct = constraint.nulls_distinct is not False
            sets.append((set(constraint.fields), constraint.condition, nulls_distinct))
    return sets


def _rows_and_repeats(related_model, field, survivor, duplicate):
    """Each of the duplicate's rows in this relation, with the survivor's row it would repeat
    once moved (None when it would not): the one reading of a merge for the merge itself and
    for the screen that shows it beforehand."""
    manager = related_model._base_manager
    groups = unique_sets(related_model, field)
    for row in manager.filter(**{field.name: duplicate.pk}):
        yield row, (_conflict(manager, row, field, survivor, groups) if groups else None)


def _move(related_model, field, survivor, duplicate, dropped):
    rows = list(_rows_and_repeats(related_model, field, survivor, duplicate))
    if not rows:
        return 0
    moved_pks = []
    for row, repeated in rows:
        if repeated is not None:
            _reconcile(related_model, row, repeated)
            dropped.append({"model": related_model._meta.label, "pk": row.pk, "label": str(row)[:200]})
            row.delete()
        else:
            moved_pks.append(row.pk)
    related_model._base_manager.filter(pk__in=moved_pks).update(**{field.name: survivor.pk})
    repoint_revisions(
        related_model,
        field,
        duplicate.pk,
        survivor.pk,
        moved_pks,
        [fields for fields, _condition, _nulls in unique_sets(related_model, field)],
    )
    return len(moved_pks)


def _conflict(manager, row, field, survivor, groups):
    """The survivor's row that ``row`` would repeat once moved, if any."""
    for fields, condition, nulls_distinct in groups:
        lookup = {name: getattr(row, manager.model._meta.get_field(name).attname) for name in fields - {field.name}}
        if nulls_distinct and any(value is None for value in lookup.values()):
            continue
        lookup[field.name] = survivor.pk
        candidates = manager.filter(**lookup)
        if condition is not None:
            if not manager.filter(pk=row.pk).filter(condition).exists():
                continue
            candidates = candidates.filter(condition)
        match = candidates.exclude(pk=row.pk).first()
        if match is not None:
            return match
    return None


def _reconcile(related_model, dropped_row, kept_row):
    """Keeps what the dropped row knew that the kept one needs: for a network membership,
    the earlier participation, so new/returning figures stay right."""
    if related_model is not NetworkMembership:
        return
    earlier = dropped_row.first_participation
    if earlier is not None and (kept_row.first_participation is None or earlier < kept_row.first_participation):
        kept_row.joined_on = dropped_row.joined_on
        kept_row.joined_at_event = dropped_row.joined_at_event
        kept_row.cohort = dropped_row.cohort or kept_row.cohort
        kept_row.cohort_ar = dropped_row.cohort_ar or kept_row.cohort_ar
    elif not kept_row.cohort and not kept_row.cohort_ar:
        kept_row.cohort, kept_row.cohort_ar = dropped_row.cohort, dropped_row.cohort_ar
    kept_row.save()


def _fill_blanks(model, survivor, duplicate):
    filled = []
    for field in model._meta.concrete_fields:
        if field.name in KEEP_FIELDS or field.primary_key:
            continue
        mine, theirs = getattr(survivor, field.attname), getattr(duplicate, field.attname)
        if isinstance(mine, list) and isinstance(theirs, list):
            combined = mine + [item for item in theirs if item not in mine]
            if combined != mine:
                setattr(survivor, field.attname, combined)
                filled.append(field.name)
        elif mine in (None, "") and theirs not in (None, ""):
            setattr(survivor, field.attname, theirs)
            filled.append(field.name)
    if duplicate.created_at and survivor.created_at and duplicate.created_at < survivor.created_at:
        survivor.created_at = duplicate.created_at
    if model is Person and survivor.user_id is None and duplicate.user_id is not None:
        account = duplicate.user_id
        model._base_manager.filter(pk=duplicate.pk).update(user=None)
        survivor.user_id = account
        filled.append("user")
    return filled


def _redirect(duplicate, survivor):
    """The duplicate's directory address, in every language, now leads to the survivor's."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            old, new = duplicate.get_absolute_url(), survivor.get_absolute_url()
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old), site=None, defaults={"redirect_link": new, "is_permanent": True}
        )


def _label(record):
    names = [record.name, record.name_ar] if record.name_ar and record.name_ar != record.name else [record.name]
    return f"{' / '.join(names)} ({record.slug})"[:600]
