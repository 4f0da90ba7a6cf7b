"""Every id a page's labels, descriptions and controls refer to is on the page, in both
languages, as the page first shows and as it shows a form's errors."""

import pytest

from tests.quality.references import missing_references

pytestmark = pytest.mark.django_db  # the test database must exist for the pages to be rendered


def test_every_id_a_page_refers_to_is_on_it(rendered_pages):
    missing = {url: found for _page, _lang, url, html in rendered_pages if (found := missing_references(html))}
    assert not missing
