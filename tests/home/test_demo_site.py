"""The demo's site loader (fixtures/site.py) on a database that has lost the roots Wagtail's
migrations made: it puts them back, so pictures and pages can be added again."""

import pytest
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from fixtures import site
from home.models import HomePage
from tests.factories.events import image

pytestmark = pytest.mark.django_db


def test_the_site_loads_on_a_database_without_its_roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    get_image_model().objects.all().delete()
    Collection.objects.all().delete()
    Page.objects.all().delete()
    assert Collection.get_first_root_node() is None and Page.get_first_root_node() is None
    site.load(lambda message: None)
    root = Collection.get_first_root_node()
    assert root is not None and root.name == "Root"
    assert Page.get_first_root_node() is not None
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["ar", "en"]
    assert image("hall").collection_id == root.pk
    site.load(lambda message: None)  # and again: nothing added twice
    assert Collection.objects.count() == 1
