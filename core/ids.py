"""Record ids as users can send them: in URLs, forms and bulk selections."""

# The largest id a 64-bit integer column holds, in SQLite and PostgreSQL alike.
LARGEST_ID = 2**63 - 1


def record_ids(values):
    """The values that can be record ids: digits only, within what the id column holds."""
    return [int(value) for value in values if str(value).isdigit() and int(value) <= LARGEST_ID]
