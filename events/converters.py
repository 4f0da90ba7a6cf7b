"""Path converters for the site's own URLs, registered once on import: `record_id` (an id no
database refuses) and `unicode_slug` (a slug that may be written in Arabic)."""

from django.urls import register_converter


class RecordId:
    """A positive id small enough for any database; longer digit strings simply do not match (404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class UnicodeSlug:
    """A slug that may be written in Arabic, as directory slugs can be."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RecordId, "record_id")
register_converter(UnicodeSlug, "unicode_slug")
