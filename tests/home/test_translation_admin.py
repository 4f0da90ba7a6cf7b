"""Editors translate a page in the admin: Wagtail's simple translation copies it into the
other language's tree, where it gets its own URL and the language switch finds it."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_editor_translates_a_new_page_into_english(client, demo_site):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-for-tests-only")
    client.force_login(admin)
    contact = StandardPage(title="اتصل بنا", slug="contact", introduction="نسعد بتواصلكم.")
    demo_site["ar"].add_child(instance=contact)
    contact.save_revision().publish()
    english = Locale.objects.get(language_code="en")

    response = client.post(
        f"/admin/translation/submit/page/{contact.pk}/",
        {"locales": [english.pk]},
    )

    assert response.status_code == 302
    copy = StandardPage.objects.get(translation_key=contact.translation_key, locale=english)
    assert copy.get_parent().specific == demo_site["en"]
    assert copy.introduction == "نسعد بتواصلكم."  # copied, ready for the translator
    copy.title, copy.introduction = "Contact us", "We are glad to hear from you."
    copy.save_revision().publish()
    html = client.get("/en/contact/").content.decode()
    assert "We are glad to hear from you." in html
    arabic_html = client.get("/ar/contact/").content.decode()
    assert 'href="/en/contact/"' in arabic_html


def test_untranslated_page_switches_to_the_other_home(client, demo_site):
    only_arabic = StandardPage(title="صفحة عربية فقط", slug="arabic-only")
    demo_site["ar"].add_child(instance=only_arabic)
    only_arabic.save_revision().publish()
    html = client.get("/ar/arabic-only/").content.decode()
    assert 'data-language="en"' in html
    assert 'href="/en/" hreflang="en"' in html
