"""What a record holds, for making another like it."""


def copied_values(record, left_out=()):
    """``{field name: value}`` of ``record``'s own columns, without its primary key and the
    fields named in ``left_out``: the keyword arguments of a new record like it."""
    return {
        field.name: getattr(record, field.name)
        for field in record._meta.concrete_fields
        if not field.primary_key and field.name not in left_out
    }
