import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from tests.quality.pages import each_page
from tests.quality.site import build_demo_site

FAST_HASHING = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def rendered_pages(django_db_setup, django_db_blocker):
    """Every listed page in every language, rendered once by Django's test client from the full
    demo content: a list of (page, lang, url, html). The content is rolled back afterwards."""
    rendered = []
    client = Client()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHING):
        with transaction.atomic():
            member = build_demo_site()
            for page, lang, url in each_page():
                if page.signed_in:
                    client.force_login(member)
                else:
                    client.logout()
                response = client.post(url, page.data) if page.data else client.get(url)
                assert response.status_code == page.status, f"{url} answered {response.status_code}"
                rendered.append((page, lang, url, response.content.decode()))
            transaction.set_rollback(True)
    # Wagtail caches site root paths and allauth counts attempts in the cache: forget both.
    cache.clear()
    return rendered
