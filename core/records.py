"""What a record holds, for making another like it; locking records for a change."""

from django.db import connection


def copied_values(record, left_out=()):
    """``{field name: value}`` of ``record``'s own columns, without its primary key and the
    fields named in ``left_out``: the keyword arguments of a new record like it."""
    return {
        field.name: getattr(record, field.name)
        for field in record._meta.concrete_fields
        if not field.primary_key and field.name not in left_out
    }


def locked(queryset):
    """``queryset`` locked until the transaction ends: its own table's rows only, not those it
    joins (``select_related``), where the database can say so (PostgreSQL); SQLite locks the
    whole database for a write transaction anyway."""
    of = ("self",) if connection.features.has_select_for_update_of else ()
    return queryset.select_for_update(of=of)
