"""Record ids as users can send them: in URLs, forms and bulk selections."""

# The largest id a 64-bit integer column holds, in SQLite and PostgreSQL alike.
LARGEST_ID = 2**63 - 1


def record_ids(values):
    """The values that can be record ids: digits only (of any script, as ``int`` reads them;
    not "²", which is a digit to ``str.isdigit`` but no number), within what the id column
    holds."""
    texts = [str(value) for value in values]
    return [int(text) for text in texts if text.isdecimal() and len(text) <= 19 and int(text) <= LARGEST_ID]
