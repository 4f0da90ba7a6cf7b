"""The site's own "not found" page (site/templates/404.html), as a visitor meets it: its
heading and explanation in their language, and nothing of what the address pointed to."""

import html

HEADING = {"ar": "الصفحة غير موجودة", "en": "Page not found"}
EXPLANATION = {
    "ar": "الصفحة التي طلبتها غير موجودة أو نُقلت إلى مكان آخر.",
    "en": "The page you asked for does not exist or has moved.",
}


def assert_not_found(response, language, *, hides=()):
    """``response`` is the friendly 404 page in ``language`` (after the redirects a
    ``follow=True`` request went through), and none of the strings in ``hides`` — the names,
    addresses, titles or references the address would have shown — is on it."""
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert response["Content-Type"].startswith("text/html")
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}"' in page
    assert f"<h1>{HEADING[language]}</h1>" in page
    assert EXPLANATION[language] in page
    leaked = [secret for secret in hides if secret and str(secret) in page]
    assert leaked == [], f"the not-found page shows {leaked}"
    return page
