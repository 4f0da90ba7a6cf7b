"""The pages every quality gate looks at: HTML validity (Nu checker), accessibility (axe-core),
and the language of the chrome. One list, so a page added here is checked by all of them.

To add your pages: append a ``Page`` with a path containing ``{lang}`` (or one path per
language). The site is built by the demo loader (``load_demo --no-index``, then the search
index), so a page the demo creates can be listed by its demo slug. Mark pages that need a
signed-in person with ``signed_in=True``; give ``data`` to check a form as it looks after a bad
submission.
"""

from dataclasses import dataclass

LANGUAGES = ("ar", "en")


@dataclass(frozen=True)
class Page:
    name: str
    path: str | dict  # "/{lang}/..." or one path per language
    status: int = 200
    signed_in: bool = False
    # Form data to POST instead of a GET, to check a page as it shows errors.
    data: dict | None = None
    # Also checked in a real browser with axe-core (each page there costs a page load).
    axe: bool = True
    # Drawn inside the site's header and footer (the embeddable widget is not: it sits in
    # another site's page); the chrome's language is checked where it is.
    chrome: bool = True

    def url(self, lang):
        path = self.path[lang] if isinstance(self.path, dict) else self.path
        return path.format(lang=lang)


PAGES = [
    Page("home", "/{lang}/"),
    Page("about", "/{lang}/about/"),
    Page("events", "/{lang}/events/"),
    Page("events-filtered", "/{lang}/events/?format=online&year=2018", axe=False),
    Page("events-month", "/{lang}/events/?view=month&month=2018-09", axe=False),
    Page("event-past", "/{lang}/events/point-iraq-2018/"),
    Page("event-upcoming", "/{lang}/events/demo-open-data-clinic/"),
    Page("event-conference", "/{lang}/events/fourth-conference-countering-isis-media/", axe=False),
    # Directory.
    Page("directory", "/{lang}/directory/"),
    Page("organisations", "/{lang}/directory/organisations/", axe=False),
    Page("organisation", "/{lang}/directory/organisations/kaiciid/"),
    Page("people", "/{lang}/directory/people/", axe=False),
    Page("person", "/{lang}/directory/people/fuad-hussein/"),
    Page("network", "/{lang}/directory/networks/kaiciid-dialogue-network/", axe=False),
    Page("widget-builder", "/{lang}/widget/"),
    Page("widget-builder-errors", "/{lang}/widget/?organisation=no-such&lang=xx&limit=99", status=400, axe=False),
    Page("widget-frame", "/embed/events/?lang={lang}", axe=False, chrome=False),
    Page("search", {"ar": "/ar/search/?q=ملتقى", "en": "/en/search/?q=Multaqa"}),
    Page("search-empty", "/{lang}/search/?q=zzzzqqq", axe=False),
    Page("not-found", "/{lang}/no-such-page/", status=404),
    # Accounts.
    Page("login", "/{lang}/accounts/login/"),
    Page("signup", "/{lang}/accounts/signup/"),
    Page("login-errors", "/{lang}/accounts/login/", data={"login": "someone@example.org", "password": "x"}, axe=False),
    Page("signup-errors", "/{lang}/accounts/signup/", data={"email": "x", "password1": "1"}, axe=False),
    Page("login-code", "/{lang}/accounts/login/code/", axe=False),
    Page("password-reset", "/{lang}/accounts/password/reset/", axe=False),
    Page("password-reset-done", "/{lang}/accounts/password/reset/done/", axe=False),
    Page("verification-sent", "/{lang}/accounts/confirm-email/", axe=False),
    Page("confirm-email-invalid", "/{lang}/accounts/confirm-email/no-such-key/", axe=False),
    Page("password-reset-invalid", "/{lang}/accounts/password/reset/key/0-no-such-key/", axe=False),
    Page("email", "/{lang}/accounts/email/", signed_in=True),
    Page("password-change", "/{lang}/accounts/password/change/", signed_in=True, axe=False),
    Page("logout", "/{lang}/accounts/logout/", signed_in=True, axe=False),
    # A participant's own pages.
    Page("my-events", "/{lang}/my/events/", signed_in=True),
    Page("my-profile", "/{lang}/my/profile/", signed_in=True, axe=False),
    Page(
        "my-profile-errors",
        "/{lang}/my/profile/",
        signed_in=True,
        data={"name": "", "name_ar": "", "phone": "call me"},
        status=400,
        axe=False,
    ),
]


def each_page(pages=PAGES):
    """(page, lang, url) for every page in every language."""
    for page in pages:
        for lang in LANGUAGES:
            yield page, lang, page.url(lang)
