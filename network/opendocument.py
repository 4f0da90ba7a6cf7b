"""OpenDocument spreadsheets (ODS) written row by row: the rows go straight into the zip
archive's ``content.xml`` as they come, so a list of any length is never held whole. Cells are
what ``network.spreadsheets.cell`` makes of a value: text (escaped against formulas, and always
a text cell), numbers, dates and times. The header row is bold, and the sheet runs right to
left when asked (for a list exported in Arabic)."""

import datetime
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"'
)


def _styles(right_to_left):
    writing = "rl-tb" if right_to_left else "lr-tb"
    return (
        "<office:automatic-styles>"
        f'<style:style style:name="sheet" style:family="table"><style:table-properties table:display="true" '
        f'style:writing-mode="{writing}"/></style:style>'
        '<style:style style:name="header" style:family="table-cell"><style:text-properties fo:font-weight="bold"/>'
        "</style:style>"
        "</office:automatic-styles>"
    )


def _cell(value, style=""):
    style = ' table:style-name="header"' if style else ""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        return (
            f'<table:table-cell{style} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, (datetime.date, datetime.datetime)):
        shown = value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
        return (
            f'<table:table-cell{style} office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{xml_escape(shown)}</text:p></table:table-cell>"
        )
    text = "" if value is None else str(value)
    lines = "".join(f"<text:p>{xml_escape(line)}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell{style} office:value-type="string">{lines}</table:table-cell>'


def write_ods(target, headers, rows, title="", right_to_left=False, rows_per_write=500):
    """Writes an ODS spreadsheet of ``headers`` and ``rows`` (values already made cells by
    ``spreadsheets.cell``) to ``target``, a path or a binary file."""
    with zipfile.ZipFile(target, "w") as archive:
        # The mimetype comes first and uncompressed, as the format asks.
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as content:
            content.write(
                (
                    f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
                    f"{_styles(right_to_left)}<office:body><office:spreadsheet>"
                    f'<table:table table:name={quoteattr(title[:31] or "Sheet1")} table:style-name="sheet">'
                    f"<table:table-row>{''.join(_cell(header, 'header') for header in headers)}</table:table-row>"
                ).encode()
            )
            batch = []
            for row in rows:
                batch.append(f"<table:table-row>{''.join(_cell(value) for value in row)}</table:table-row>")
                if len(batch) == rows_per_write:
                    content.write("".join(batch).encode())
                    batch = []
            content.write(
                (
                    "".join(batch) + "</table:table></office:spreadsheet></office:body></office:document-content>"
                ).encode()
            )
