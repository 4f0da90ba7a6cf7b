"""The public pages of the foundation answer in both languages with their own content."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_root_redirects_to_arabic(client, demo_site):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].endswith("/ar/")


@pytest.mark.parametrize(
    ("url", "lang", "direction", "texts"),
    [
        ("/ar/", "ar", "rtl", ["ملتقى المجتمع المدني", "الفعاليات القادمة", "تسجيل الدخول", "عن ملتقى"]),
        ("/en/", "en", "ltr", ["Civil society", "Upcoming events", "Sign in", "About Multaqa"]),
        ("/ar/about/", "ar", "rtl", ["لمن صُمّم ملتقى", "الخصوصية"]),
        ("/en/about/", "en", "ltr", ["Who it is for", "Privacy"]),
        ("/ar/events/", "ar", "rtl", ["المؤتمرات وورش العمل"]),
        ("/en/events/", "en", "ltr", ["Upcoming and past conferences"]),
        ("/ar/search/?q=ملتقى", "ar", "rtl", ["بحث", "عن ملتقى"]),
        ("/en/search/?q=platform", "en", "ltr", ["Search", "About Multaqa"]),
        ("/ar/accounts/login/", "ar", "rtl", ["تسجيل الدخول"]),
        ("/en/accounts/login/", "en", "ltr", ["Sign in"]),
        ("/ar/accounts/signup/", "ar", "rtl", ["تسجيل"]),
        ("/en/accounts/signup/", "en", "ltr", ["Sign up"]),
        ("/ar/accounts/password/reset/", "ar", "rtl", ["كلمة المرور"]),
        ("/en/accounts/password/reset/", "en", "ltr", ["Password reset"]),
    ],
)
def test_public_page_in_language(client, demo_site, search_index, url, lang, direction, texts):
    search_index()
    html = html_of(client, url)
    assert f'<html lang="{lang}" dir="{direction}">' in html
    for text in texts:
        assert text in html, f"{text!r} missing on {url}"


@pytest.mark.parametrize(
    ("url", "other_url"),
    [("/ar/", "/en/"), ("/en/", "/ar/"), ("/ar/about/", "/en/about/"), ("/en/accounts/login/", "/ar/accounts/login/")],
)
def test_language_switch_leads_to_same_page(client, demo_site, url, other_url):
    html = html_of(client, url)
    switch = re.search(r'<li class="language-switch">(.*?)</li>', html, re.S).group(1)
    assert f'href="{other_url}"' in switch


def test_home_lists_navigation_in_menu_order(client, demo_site):
    html = html_of(client, "/en/")
    nav = re.search(r'<ul class="nav-list">(.*?)</ul>', html, re.S).group(1)
    assert nav.index("/en/events/") < nav.index("/en/about/")


def test_unknown_page_is_a_friendly_404_in_language(client, demo_site):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.content == b"ok"


def test_sitemap_lists_pages_in_both_languages(client, demo_site):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/ar/", "/en/", "/ar/about/", "/en/about/", "/ar/events/", "/en/events/"):
        assert f"{path}</loc>" in xml, path


@pytest.mark.parametrize("query", ['"', '"ملتقى', "about*", "(", "NEAR(", "^"])
def test_search_with_stray_operators_answers_calmly(client, demo_site, search_index, query):
    search_index()
    html = html_of(client, f"/en/search/?q={query}")
    assert "<h1>Search</h1>" in html


@pytest.mark.parametrize(
    ("language", "privacy_url", "texts"),
    [
        ("ar", "/ar/privacy/", ["الناشر: فريق ملتقى التجريبي (متخيَّل)", "للتواصل:", ">الخصوصية</a>"]),
        ("en", "/en/privacy/", ["Published by Multaqa demo team (fictional)", "Contact:", ">Privacy</a>"]),
    ],
)
def test_footer_gives_the_contact_the_publisher_and_the_privacy_page(client, demo_site, language, privacy_url, texts):
    html = html_of(client, f"/{language}/events/")
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    for text in texts:
        assert text in footer, text
    assert 'href="mailto:contact@multaqa.example"' in footer
    assert f'href="{privacy_url}"' in footer


@pytest.mark.parametrize(("language", "queries"), [("ar", 3), ("en", 4)])
def test_the_menu_and_footer_are_built_with_a_fixed_number_of_queries(
    demo_site, django_assert_num_queries, language, queries
):
    """The home page in the language, its menu's pages (whatever their kinds), the chrome
    settings with their privacy page, and in a language other than the privacy page's own its
    translation: however many pages, of whatever kinds, the menu holds."""
    from django.utils import translation
    from wagtail.models import Site

    from home.context_processors import _chrome
    from home.models import StandardPage

    site = Site.objects.get(is_default_site=True)
    home = demo_site[language]
    home.add_child(instance=StandardPage(title=f"Partners {language}", slug="partners", show_in_menus=True))
    with translation.override(language):
        _chrome(site, language)  # Wagtail's site addresses and Django's content types, kept per process
        with django_assert_num_queries(queries):
            chrome = _chrome(site, language)
    titles = [item["title"] for item in chrome["site_nav"]]
    expected = {
        "ar": ["الفعاليات", "الدليل", "عن ملتقى", "Partners ar"],
        "en": ["Events", "Directory", "About Multaqa", "Partners en"],
    }
    assert titles == expected[language]
    assert chrome["site_footer"]["privacy_url"] == f"/{language}/privacy/"


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/en/privacy/",
            [
                "your email address",
                "your phone number and gender",
                "your answers to each event",
                "your attendance",
                "The organisers of an event you register for",
                "staff who look after the directory",
                "a published article names them",
                "mailto:contact@multaqa.example",
            ],
        ),
        (
            "/ar/privacy/",
            [
                "بريدك الإلكتروني",
                "رقم هاتفك وجنسك",
                "إجاباتك عن أسئلة التسجيل",
                "وحضورك",
                "فريق تنظيم الفعالية التي تسجّل فيها",
                "فريق الدليل",
                "ذكره مقال منشور بالاسم",
                "mailto:contact@multaqa.example",
            ],
        ),
    ],
)
def test_privacy_page_says_what_is_held_who_sees_it_and_how_to_remove_it(client, demo_site, url, texts):
    html = html_of(client, url)
    for text in texts:
        assert text in html, text


def test_privacy_page_is_not_in_the_header_menu(client, demo_site):
    html = html_of(client, "/en/")
    nav = re.search(r'<ul class="nav-list">(.*?)</ul>', html, re.S).group(1)
    assert "/en/privacy/" not in nav


def test_about_and_home_describe_only_what_the_platform_does_today(client, demo_site):
    for url in ("/en/", "/en/about/"):
        html = html_of(client, url)
        for claim in ("certificate", "completion rules", "reports for funders", "figures for funders"):
            assert claim not in html, (url, claim)
    for url in ("/ar/", "/ar/about/"):
        html = html_of(client, url)
        for claim in ("شهادات", "قواعد إتمامها", "للممولين", "للمانحين"):
            assert claim not in html, (url, claim)
    assert "a published article names them" in html_of(client, "/en/about/")


def test_the_site_settings_open_to_an_editor_given_them_and_refuse_the_others(client, demo_site):
    """On PostgreSQL both were an error page: the sites an editor may change settings for were
    listed with an ordering PostgreSQL refuses beside DISTINCT."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupSitePermission, Site

    from tests.factories.registrations import organiser

    editor = organiser()
    client.force_login(editor)
    response = client.get("/admin/settings/home/sitechrome/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # the admin's "no permission"
    site = Site.objects.get(is_default_site=True)
    group = Group.objects.create(name="Site editors")
    permission = Permission.objects.get(content_type__app_label="home", codename="change_sitechrome")
    GroupSitePermission.objects.create(group=group, site=site, permission=permission)
    editor.groups.add(group)
    response = client.get("/admin/settings/home/sitechrome/")
    assert response["Location"] == f"/admin/settings/home/sitechrome/{site.pk}/"
