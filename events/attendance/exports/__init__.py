"""Attendee lists out of the site: an event's registrations, as its registrations list filters
and searches them, with their attendance and certificates, in CSV, XLSX, JSON, ODS or a
printable PDF. ``columns`` says what a list can hold, ``rows`` reads the people a few thousand
at a time, ``writers`` writes each format as the rows come, and ``service`` is what the
organisers' screen and the background task call."""
