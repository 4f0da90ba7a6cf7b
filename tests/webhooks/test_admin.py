"""The organisers' webhook screens (Settings → Webhooks): each organiser sees and adds only the
endpoints of the events they may manage, refused addresses are explained in their language and
change nothing, the secret is shown to the endpoint's owner, and the latest deliveries are
listed with what the endpoint answered. In Arabic the screens are Arabic and right to left."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from tests.factories.accounts import UserFactory
from tests.not_found import assert_not_found
from webhooks import services
from webhooks.errors import WebhookError
from webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint, Kind

from .conftest import in_language, organiser_of

pytestmark = pytest.mark.django_db

LIST = "/admin/webhooks/"
ADD = "/admin/webhooks/new/"


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True


def add(user, event, url="http://127.0.0.1:9/hooks", kinds=(Kind.CREATED,), **fields):
    return services.create_endpoint(by=user, url=url, event=event, kinds=list(kinds), **fields)


def text_of(response):
    return html.unescape(response.content.decode())


def messages_of(response, language="en"):
    with translation.override(language):
        return [str(message).strip() for message in response.context["messages"]]


def deliveries(endpoint, count):
    made = []
    for number in range(count):
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event=endpoint.event,
            kind=Kind.CREATED,
            body="{}",
            status=DeliveryStatus.FAILED if number % 2 else DeliveryStatus.DELIVERED,
            attempts=2,
            response_code=500 if number % 2 else 200,
            response_excerpt=f"answer number {number}",
            last_attempt_at=timezone.now(),
        )
        Attempt.objects.create(delivery=delivery, response_code=503, error="", duration_ms=12)
        Attempt.objects.create(delivery=delivery, response_code=delivery.response_code, duration_ms=8)
        made.append(delivery)
    return made


class TestWhoSeesWhat:
    def test_an_organiser_of_event_a_neither_sees_nor_adds_endpoints_of_event_b(self, client, event, other_event):
        mine, theirs = organiser_of(event), organiser_of(other_event)
        my_endpoint = add(mine, event, "http://127.0.0.1:9/mine", description="Our CRM")
        their_endpoint = add(theirs, other_event, "http://127.0.0.1:9/theirs", description="Their robot")
        their_everything = add(theirs, None, "http://127.0.0.1:9/all-of-theirs")
        client.force_login(in_language(mine, "en"))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the language of the "not found" page

        page = text_of(client.get(LIST))
        assert "http://127.0.0.1:9/mine" in page
        assert "/theirs" not in page and "all-of-theirs" not in page
        for endpoint in (their_endpoint, their_everything):
            for screen in ("inspect", "edit", "delete", "history"):
                response = client.get(f"{LIST}{screen}/{endpoint.pk}/", follow=True)
                assert_not_found(response, "en", hides=[endpoint.url, endpoint.secret])
            response = client.post(f"{LIST}rotate/{endpoint.pk}/", follow=True)
            assert_not_found(response, "en", hides=[endpoint.secret])
        [delivery] = deliveries(their_endpoint, 1)
        assert_not_found(client.post(f"{LIST}redeliver/{delivery.pk}/", follow=True), "en")
        assert client.post(f"{LIST}delete/{their_endpoint.pk}/", follow=True).status_code == 404
        assert Endpoint.objects.filter(pk=their_endpoint.pk).exists()

        form = text_of(client.get(ADD))
        assert event.localized_for("en").title in form
        assert other_event.title not in form and other_event.localized_for("en").title not in form
        sneaky = {"url": "http://127.0.0.1:9/sneaky", "event": other_event.pk, "kinds": [Kind.CREATED]}
        response = client.post(ADD, sneaky)
        assert response.status_code == 200
        assert "Select a valid choice" in text_of(response)
        assert not Endpoint.objects.filter(url__endswith="sneaky").exists()
        assert my_endpoint.pk in [e.pk for e in Endpoint.objects.filter(owner=mine)]

    def test_the_service_refuses_an_event_the_user_may_not_manage(self, event, other_event):
        with pytest.raises(WebhookError) as refused:
            add(organiser_of(event), other_event)
        assert refused.value.code == "forbidden"
        with pytest.raises(WebhookError):
            add(UserFactory(is_staff=True), None)
        assert not Endpoint.objects.exists()

    def test_organisers_find_it_in_the_settings_menu_and_filter_it_by_event(self, client, event, other_event):
        user = organiser_of(event, other_event)
        first = add(user, event, "http://127.0.0.1:9/first")
        second = add(user, other_event, "http://127.0.0.1:9/second")
        everything = add(user, None, "http://127.0.0.1:9/everything")
        client.force_login(in_language(user, "en"))
        assert '"/admin/webhooks/"' in client.get("/admin/").content.decode()
        filters = {f"?event={event.pk}": first, f"?event={other_event.pk}": second, "?event=all": everything}
        for query, shown in filters.items():
            page = text_of(client.get(LIST + query))
            listed = [e for e in (first, second, everything) if e.url in page]
            assert listed == [shown], query

    def test_staff_outside_the_organisers_get_no_menu_and_no_screen(self, client, event, manager):
        add(manager, event)
        staff = UserFactory(is_staff=True)
        staff.user_permissions.add(*_admin_access())
        client.force_login(in_language(staff, "en"))
        assert "/admin/webhooks/" not in client.get("/admin/").content.decode()
        response = client.get(LIST)
        assert response.status_code == 302 and not response["Location"].startswith(LIST)

    def test_colleagues_on_the_event_see_its_endpoint_but_not_its_secret(self, client, event, manager):
        endpoint = add(manager, event)
        colleague = organiser_of(event)
        client.force_login(in_language(manager, "en"))
        assert endpoint.secret in text_of(client.get(f"{LIST}inspect/{endpoint.pk}/"))
        client.force_login(in_language(colleague, "en"))
        page = text_of(client.get(f"{LIST}inspect/{endpoint.pk}/"))
        assert endpoint.url in page and endpoint.secret not in page
        assert "The secret is shown to the endpoint's owner, Huda Karim." in page


def _admin_access():
    return Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")


class TestAddingAndChanging:
    def test_an_organiser_adds_an_endpoint_and_sees_its_secret(self, client, event, manager):
        client.force_login(in_language(manager, "en"))
        response = client.post(
            ADD,
            {
                "url": "http://127.0.0.1:8123/hooks",
                "event": event.pk,
                "kinds": [Kind.CREATED, Kind.CHECKED_IN],
                "description": "Our CRM",
                "active": "on",
            },
            follow=True,
        )
        endpoint = Endpoint.objects.get()
        assert response.redirect_chain[-1][0] == f"{LIST}inspect/{endpoint.pk}/"
        assert messages_of(response) == ["Endpoint added. Its signing secret is below."]
        assert (endpoint.owner, endpoint.event, endpoint.kinds) == (manager, event, [Kind.CREATED, Kind.CHECKED_IN])
        assert endpoint.secret.startswith("whsec_")
        page = text_of(response)
        assert endpoint.secret in page and "Registration created, Check-in recorded" in page
        assert ModelLogEntry.objects.filter(object_id=str(endpoint.pk), action="wagtail.create").exists()

    @pytest.mark.parametrize(
        ("language", "url", "message"),
        [
            ("en", "http://10.0.0.1/hooks", "This address leads to a private or local network (10.0.0.1)."),
            ("en", "http://169.254.169.254/latest/", "This address leads to a private or local network"),
            ("en", "http://[::1]:8000/hooks", "This address leads to a private or local network (::1)."),
            ("en", "http://localhost/hooks", "This address leads to a private or local network"),
            ("en", "ftp://example.org/hooks", "Only http:// and https:// addresses can receive webhooks."),
            ("ar", "http://127.0.0.1/hooks", "يؤدي هذا العنوان إلى شبكة خاصة أو محلية (127.0.0.1)."),
            ("ar", "ftp://example.org/hooks", "لا تُرسَل الإشعارات الآلية إلا إلى عناوين"),
        ],
    )
    def test_refused_addresses_are_explained_in_the_users_language_and_save_nothing(
        self, client, event, manager, settings, language, url, message
    ):
        settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
        client.force_login(in_language(manager, language))
        response = client.post(ADD, {"url": url, "event": event.pk, "kinds": [Kind.CREATED], "active": "on"})
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["url"]
        assert message in text_of(response)
        assert not Endpoint.objects.exists()

    def test_no_change_chosen_is_refused(self, client, event, manager):
        client.force_login(in_language(manager, "en"))
        response = client.post(ADD, {"url": "http://127.0.0.1:9/x", "event": event.pk, "active": "on"})
        assert list(response.context["form"].errors) == ["kinds"]
        assert "This field is required." in text_of(response)
        assert not Endpoint.objects.exists()

    def test_editing_keeps_the_event_and_the_secret(self, client, event, other_event, manager):
        endpoint = add(manager, event)
        client.force_login(in_language(manager, "en"))
        response = client.post(
            f"{LIST}edit/{endpoint.pk}/",
            {"url": "http://127.0.0.1:9/new", "event": other_event.pk, "kinds": [Kind.CANCELLED], "description": ""},
            follow=True,
        )
        assert messages_of(response) == ["Endpoint saved."]
        changed = Endpoint.objects.get(pk=endpoint.pk)
        assert (changed.url, changed.kinds, changed.active) == ("http://127.0.0.1:9/new", [Kind.CANCELLED], False)
        assert (changed.event, changed.secret) == (event, endpoint.secret)
        history = text_of(client.get(f"{LIST}history/{endpoint.pk}/"))
        assert "Edited" in history and "Created" in history

    def test_deleting_removes_the_endpoint_and_its_deliveries(self, client, event, manager):
        endpoint = add(manager, event)
        deliveries(endpoint, 2)
        client.force_login(in_language(manager, "en"))
        response = client.post(f"{LIST}delete/{endpoint.pk}/", follow=True)
        assert response.redirect_chain[-1][0] == LIST
        assert not Endpoint.objects.exists() and not Delivery.objects.exists()

    def test_rotating_replaces_the_secret_and_a_colleague_who_rotates_takes_the_endpoint_over(
        self, client, event, manager
    ):
        endpoint = add(manager, event)
        old = endpoint.secret
        client.force_login(in_language(manager, "en"))
        response = client.post(f"{LIST}rotate/{endpoint.pk}/", follow=True)
        assert messages_of(response) == ["New secret made. Requests are signed with it from now on."]
        endpoint.refresh_from_db()
        assert endpoint.secret != old and endpoint.secret in text_of(response)
        colleague = organiser_of(event)
        client.force_login(in_language(colleague, "en"))
        client.post(f"{LIST}rotate/{endpoint.pk}/")
        taken = Endpoint.objects.get(pk=endpoint.pk)
        assert taken.owner == colleague and taken.secret not in (old, endpoint.secret)
        assert taken.secret in text_of(client.get(f"{LIST}inspect/{endpoint.pk}/"))
        assert text_of(client.get(f"{LIST}history/{endpoint.pk}/")).count("Signing secret replaced") == 2


class TestDeliveriesShown:
    def test_old_finished_deliveries_are_pruned_and_unfinished_ones_kept(self, event, manager):
        endpoint = add(manager, event)
        old, recent, waiting = deliveries(endpoint, 3)
        waiting.status = DeliveryStatus.RETRYING
        for delivery in (old, waiting):
            delivery.created_at = timezone.now() - timedelta(days=31)
            delivery.save()
        out = io.StringIO()
        call_command("prune_webhook_deliveries", "--days", "30", stdout=out)
        assert out.getvalue() == "Removed 1 webhook deliveries made before the last 30 day(s).\n"
        assert set(Delivery.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
        assert not Attempt.objects.filter(delivery=old).exists()

    def test_the_latest_deliveries_with_status_code_attempts_time_and_answer(self, client, event, manager):
        endpoint = add(manager, event)
        made = deliveries(endpoint, 3)
        client.force_login(in_language(manager, "en"))
        page = text_of(client.get(f"{LIST}inspect/{endpoint.pk}/"))
        for delivery in made:
            row = re.search(rf'<tr id="delivery-{delivery.pk}">(.*?)</tr>', page, re.S).group(1)
            assert str(delivery.uuid) in row and "Registration created" in row
            assert {"delivered": "Delivered", "failed": "Failed"}[delivery.status] in row
            assert f">{delivery.response_code}<" in row
            assert f"answer number {made.index(delivery)}" in row
            assert "503" in row and "(12 ms)" in row  # the first attempt
            assert f"/admin/webhooks/redeliver/{delivery.pk}/" in row
        assert page.index(f"delivery-{made[2].pk}") < page.index(f"delivery-{made[0].pk}")  # newest first

    def test_a_switched_off_endpoint_is_not_redelivered(self, client, event, manager):
        endpoint = add(manager, event, active=False)
        [delivery] = deliveries(endpoint, 1)
        client.force_login(in_language(manager, "en"))
        response = client.post(f"{LIST}redeliver/{delivery.pk}/", follow=True)
        assert messages_of(response) == ["This endpoint is switched off. Switch it on before sending to it again."]
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2


class TestQueryCounts:
    def test_the_list_costs_the_same_with_3_endpoints_or_40(self, client, demo_site, django_assert_max_num_queries):
        from tests.factories.registrations import SettingsFactory, event_page

        events = [SettingsFactory(event=event_page(english=number % 2 == 0)).event for number in range(4)]
        user = organiser_of(*events)
        for number in range(3):
            add(user, events[number % 4])
        client.force_login(in_language(user, "en"))
        with django_assert_max_num_queries(20) as few:  # 17 on SQLite
            assert client.get(LIST).status_code == 200
        for number in range(37):
            add(user, events[number % 4] if number % 5 else None)
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = text_of(client.get(LIST))
        assert page.count("http://127.0.0.1:9/hooks") == 20  # one page of the list

    def test_an_endpoints_page_costs_the_same_with_3_deliveries_or_25(
        self, client, event, manager, django_assert_max_num_queries
    ):
        endpoint = add(manager, event)
        deliveries(endpoint, 3)
        client.force_login(in_language(manager, "en"))
        with django_assert_max_num_queries(16) as few:  # 14 on SQLite
            client.get(f"{LIST}inspect/{endpoint.pk}/")
        deliveries(endpoint, 30)
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(f"{LIST}inspect/{endpoint.pk}/").content.decode()
        assert page.count('<tr id="delivery-') == 25


class TestArabic:
    def test_the_screens_are_arabic_and_right_to_left_for_an_arabic_admin(self, client, event, manager):
        endpoint = add(manager, event, kinds=[Kind.CREATED, Kind.PROMOTED])
        deliveries(endpoint, 1)
        client.force_login(in_language(manager, "ar"))
        expected = {
            LIST: ["نقاط الاستقبال", "عنوان نقطة الاستقبال", "التغييرات المُرسَلة", event.title],
            ADD: ["عنوان نقطة الاستقبال", "كل فعالية يحق لي إدارتها", "تسجيل جديد", "تسجيل حضور"],
            f"{LIST}inspect/{endpoint.pk}/": ["مفتاح التوقيع", "تغيير المفتاح", "آخر الإرساليات", "إعادة الإرسال"],
        }
        for url, words in expected.items():
            page = text_of(client.get(url))
            assert '<html lang="ar" dir="rtl"' in page, url
            for word in words:
                assert word in page, (url, word)
