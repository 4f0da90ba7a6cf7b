"""Registrations from a spreadsheet: a Google Forms export, a partner's list, last year's Excel
file. ``targets`` says what a column can fill and how a cell becomes a value, ``service`` reads
the file, proposes and remembers the mapping, previews each row and applies them all in one
transaction through the registration service."""
