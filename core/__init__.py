"""What every part of the site stands on: bilingual text, the domain error, link previews.

Nothing here imports the site's apps. The apps depend one way: ``core`` ← ``network`` (the
directory) ← ``events`` (events, registrations) ← ``home`` (the home page, site search,
accounts), with ``site`` (settings and URLs) on top.
"""
