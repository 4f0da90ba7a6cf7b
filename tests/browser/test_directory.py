"""The directory in real Chromium: a visitor in Arabic finds Ahmed Waheed by typing his name
without the hamza and follows him to the Point Iraq session he spoke at; a staff member
imports organisations from a CSV file and finds the new one in the public directory; every
directory page on a phone and a desktop, in Arabic and English."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SESSION = "الإعلام ومواقع التواصل في مواجهة السياسات الطائفية"


@pytest.fixture
def demo_directory(demo_site, demo_snapshots):
    """The demo directory and the demo events, loaded in the order the demo loader uses."""
    from fixtures import events, network

    demo_snapshots.load("network", lambda: network.load(lambda message: None))
    demo_snapshots.load("events", lambda: events.load(lambda message: None))


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 1280])
def test_arabic_visitor_finds_ahmed_waheed_and_his_session(live_server, demo_directory, new_page, screenshot, width):
    page = new_page(width=width, locale="ar")
    page.goto(f"{live_server.url}/ar/directory/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("ابحث عن المنظمات والأشخاص بالاسم").fill("احمد")
    page.locator(".directory-search").get_by_role("button", name="بحث").click()
    page.wait_for_url("**/ar/directory/?q=*")
    result = page.get_by_role("link", name="أحمد وحيد", exact=True)
    assert result.is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"directory-search-ar-{width}")

    result.click()
    page.wait_for_url("**/ar/directory/people/ahmed-waheed/")
    assert page.locator("h1").inner_text() == "أحمد وحيد"
    assert page.get_by_text("إعلامي وناشط مدني وكوميدي").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, f"directory-person-ar-{width}")

    page.get_by_role("link", name=SESSION).click()
    page.wait_for_url(re.compile(r".*/ar/events/point-iraq-2018/#session-[0-9a-f-]+$"))
    anchor = page.url.rsplit("#", 1)[1]
    session = page.locator(f"[id='{anchor}']")
    assert session.is_visible()
    assert SESSION in session.inner_text()
    assert "احمد وحيد" in session.inner_text() or "أحمد وحيد" in session.inner_text()
    screenshot(page, f"directory-session-ar-{width}")


def test_staff_imports_organisations_and_finds_the_new_one_in_the_directory(
    live_server, demo_directory, new_page, screenshot, django_user_model, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    django_user_model.objects.create_superuser("reporter", "reporter@example.org", "a long staff password 7")
    csv_file = tmp_path / "organisations.csv"
    csv_file.write_bytes(
        "name,name_ar,kind,governorate\r\n"
        "Basra Women's Media Collective,تجمع البصرة الإعلامي للنساء,media,البصرة\r\n"
        "Tawasul Organisation for Youth Empowerment,منظمة تواصل لتمكين الشباب,,\r\n".encode("utf-8-sig")
    )
    page = new_page(width=1280, locale="ar")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "reporter")
    page.fill("input[name=password]", "a long staff password 7")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/directory-tools/import/organisations/")
    page.set_input_files("input[type=file][name=file]", str(csv_file))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/import/organisations/preview/")
    rows = page.locator("tr.import-row")
    assert rows.count() == 2
    assert page.locator("tr[data-row='2']").get_attribute("data-status") == "new"
    assert page.locator("tr[data-row='3']").get_attribute("data-status") in ("updated", "skipped")
    assert "تجمع البصرة الإعلامي للنساء" in page.locator("tr[data-row='2']").inner_text()
    screenshot(page, "directory-import-preview-ar-1280")

    page.get_by_role("button", name="تأكيد الاستيراد").click()
    page.wait_for_url("**/admin/snippets/network/organisation/**")
    assert "الصفوف الجديدة: 1،" in page.locator(".messages").inner_text()

    visitor = new_page(width=360, locale="ar")
    visitor.goto(f"{live_server.url}/ar/directory/organisations/?governorate=basra&kind=media")
    link = visitor.get_by_role("link", name="تجمع البصرة الإعلامي للنساء")
    assert link.is_visible()
    link.click()
    visitor.wait_for_url("**/ar/directory/organisations/**")
    assert visitor.locator("h1").inner_text() == "تجمع البصرة الإعلامي للنساء"
    assert no_sideways_scroll(visitor)
    screenshot(visitor, "directory-imported-organisation-ar-360")


PAGES = [
    ("landing", "/{lang}/directory/"),
    ("organisations", "/{lang}/directory/organisations/?kind=ngo"),
    ("organisation", "/{lang}/directory/organisations/icssi/"),
    ("people", "/{lang}/directory/people/"),
    ("person", "/{lang}/directory/people/fatima-hassan/"),
    ("network", "/{lang}/directory/networks/national-social-media-alliance/"),
]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_directory_pages_fit_phone_and_desktop(live_server, demo_directory, new_page, screenshot, lang, width):
    page = new_page(width=width, locale=lang)
    for name, path in PAGES:
        page.goto(live_server.url + path.format(lang=lang))
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").is_visible()
        assert no_sideways_scroll(page), name
        screenshot(page, f"directory-{name}-{lang}-{width}")
