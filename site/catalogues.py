"""Catalogues the site writes from lists rather than extracts from code (the Arabic month
names, the English wording of library strings): the .po text from ``(context, msgid, msgstr)``
entries."""


def po_text(language, team, entries):
    """A complete .po file for ``language`` holding ``entries`` (each ``(context or None,
    msgid, msgstr)``)."""

    def quoted(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: Multaqa\\n"',
        '"PO-Revision-Date: 2026-12-01 00:00+0300\\n"',
        '"Last-Translator: Multaqa\\n"',
        f'"Language-Team: {team}\\n"',
        f'"Language: {language}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    for context, msgid, msgstr in entries:
        if context:
            lines.append(f"msgctxt {quoted(context)}")
        lines += [f"msgid {quoted(msgid)}", f"msgstr {quoted(msgstr)}", ""]
    return "\n".join(lines)
