"""The organisers' pages for writing to participants: compose, preview and send in either
admin language, the audience the list passes on, refusals that change nothing, who may reach
them, and the "Messages sent" list and page."""

import html
import re
from urllib.parse import urlencode

import pytest
from wagtail.models import PageLogEntry

from events import audit
from events.registrations.models import EventMessage
from tests.factories.registrations import RegistrationFactory, SettingsFactory, organiser, registered
from tests.not_found import assert_not_found

pytestmark = pytest.mark.django_db

TEXTS = {
    "subject": "The venue changed",
    "body": "We meet at the Tigris Hall.\r\nBring your ID.",
    "subject_ar": "تغيّر مكان اللقاء",
    "body_ar": "نلتقي في قاعة دجلة.\r\nأحضروا هوياتكم.",
}


@pytest.fixture
def people(settings_for_event):
    event = settings_for_event.event
    return {
        "arabic": registered(event, "confirmed", "ar", name="Huda Kareem", name_ar="هدى كريم"),
        "english": registered(event, "confirmed", "en", name="Sam Lee", name_ar=""),
        "cancelled": registered(event, "cancelled", "en", name="Gone Away", name_ar=""),
        "no_email": registered(event, "confirmed", "ar", name="No Mail", name_ar="بلا بريد", email=""),
    }


def write_url(event, **query):
    url = f"/admin/registrations/event/{event.pk}/write/"
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def text_of(response):
    """The page's words, without its markup."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def markup_of(response):
    """The page's markup with what its attributes hold unescaped (the previews' emails)."""
    return html.unescape(response.content.decode())


class TestComposePreviewSend:
    @pytest.mark.parametrize(
        ("language", "words"),
        [
            (
                "en",
                {
                    "title": "Write to participants",
                    "goes": "This message goes to 2 participants.",
                    "languages": "Registered in Arabic: 1 participant · Registered in English: 1 participant",
                    "left_out": "1 cancelled or declined registration is left out",
                    "skipped": "Skipped, as no email address is known for them: 1 person.",
                    "preview": "In Arabic, to 1 participant",
                    "send": "Send to 2 participants",
                    "sent": "Your message is on its way to 2 participants.",
                },
            ),
            (
                "ar",
                {
                    "title": "الكتابة إلى المشاركين",
                    "goes": "تصل هذه الرسالة إلى مشاركَين اثنين.",
                    "languages": "سجّل باللغة العربية: مشارك واحد · سجّل باللغة الإنجليزية: مشارك واحد",
                    "left_out": "استُبعد تسجيل واحد ملغى أو مرفوض",
                    "skipped": "تُرك من لا يُعرف له عنوان بريد إلكتروني: شخص واحد.",
                    "preview": "باللغة العربية، إلى مشارك واحد",
                    "send": "إرسال إلى مشاركَين اثنين",
                    "sent": "رسالتك في طريقها إلى مشاركَين اثنين.",
                },
            ),
        ],
    )
    def test_compose_preview_and_send_in_the_admins_language(
        self, admin_client_in, event, people, run_on_commit, mailoutbox, language, words
    ):
        client = admin_client_in(language)
        page = client.get(write_url(event))
        shown = text_of(page)
        assert words["title"] in shown
        for key in ("goes", "languages", "left_out", "skipped"):
            assert words[key] in shown, key
        assert {"en": "No Mail", "ar": "بلا بريد"}[language] in shown
        content = page.content.decode()
        assert re.search(r'<textarea[^>]*name="body_ar"', content)
        assert re.search(r'<textarea[^>]*dir="rtl"[^>]*name="body_ar"|name="body_ar"[^>]*dir="rtl"', content)
        assert re.search(r'<input[^>]*dir="rtl"[^>]*name="subject_ar"|name="subject_ar"[^>]*dir="rtl"', content)
        if language == "ar":
            assert '<html lang="ar" dir="rtl"' in content

        mailoutbox.clear()
        preview = client.post(write_url(event), {**TEXTS, "step": "preview"})
        assert preview.status_code == 200
        shown = text_of(preview)
        assert words["preview"] in shown and words["send"] in shown
        # One sample per language, each the email its readers receive.
        assert "[ملتقى] تغيّر مكان اللقاء" in shown and "[Multaqa] The venue changed" in shown
        assert 'lang="ar" dir="rtl"' in markup_of(preview) and 'lang="en" dir="ltr"' in markup_of(preview)
        assert "نلتقي في قاعة دجلة.<br>أحضروا هوياتكم." in markup_of(preview)
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)

        changed = client.post(write_url(event), {**TEXTS, "step": "edit"})
        assert 'value="The venue changed"' in changed.content.decode()
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)

        with run_on_commit():
            sent = client.post(write_url(event), {**TEXTS, "step": "send"}, follow=True)
        message = EventMessage.objects.get()
        assert sent.redirect_chain[-1][0] == f"/admin/registrations/event/{event.pk}/messages/{message.pk}/"
        shown = text_of(sent)
        assert words["sent"] in shown
        assert people["arabic"].reference in shown and people["english"].reference in shown
        assert people["cancelled"].reference not in shown
        assert sorted(m.to[0] for m in mailoutbox) == sorted(
            [people["arabic"].person.email, people["english"].person.email]
        )
        assert message.body == "We meet at the Tigris Hall.\nBring your ID."
        assert PageLogEntry.objects.filter(action=audit.MESSAGE, page=event).count() == 1

    def test_the_same_form_sent_twice_sends_once(self, admin_client_in, event, people, run_on_commit, mailoutbox):
        """A double click on Send, or a reload of the sending request, finds the message sent."""
        client = admin_client_in("en")
        compose = client.get(write_url(event)).content.decode()
        key = re.search(r'<input type="hidden" name="key" value="([0-9a-f-]{36})"', compose).group(1)
        preview = client.post(write_url(event), {**TEXTS, "key": key, "step": "preview"}).content.decode()
        assert f'<input type="hidden" name="key" value="{key}">' in preview
        mailoutbox.clear()
        with run_on_commit():
            first = client.post(write_url(event), {**TEXTS, "key": key, "step": "send"})
        with run_on_commit():
            again = client.post(write_url(event), {**TEXTS, "key": key, "step": "send"}, follow=True)
        message = EventMessage.objects.get()
        assert (
            first["Location"]
            == again.redirect_chain[-1][0]
            == (f"/admin/registrations/event/{event.pk}/messages/{message.pk}/")
        )
        assert "This message was already sent: it was not sent again." in text_of(again)
        assert len(mailoutbox) == 2 and str(message.key) == key
        assert PageLogEntry.objects.filter(action=audit.MESSAGE, page=event).count() == 1

        arabic = admin_client_in("ar").post(write_url(event), {**TEXTS, "key": key, "step": "send"}, follow=True)
        assert "أُرسلت هذه الرسالة من قبل، فلم تُرسل مرة أخرى." in text_of(arabic)
        assert EventMessage.objects.count() == 1 and len(mailoutbox) == 2

    def test_the_lists_filters_and_search_come_along(self, admin_client_in, event, people, run_on_commit, mailoutbox):
        client = admin_client_in("en")
        page = client.get(write_url(event, status="confirmed", q="Huda"))
        shown = text_of(page)
        assert "This message goes to 1 participant." in shown
        assert "Status: Confirmed" in shown and "Search: Huda" in shown
        content = page.content.decode()
        assert '<input type="hidden" name="status" value="confirmed">' in content
        assert '<input type="hidden" name="q" value="Huda">' in content
        mailoutbox.clear()
        with run_on_commit():
            client.post(write_url(event), {**TEXTS, "status": "confirmed", "q": "Huda", "step": "send"})
        assert [m.to for m in mailoutbox] == [[people["arabic"].person.email]]
        assert list(EventMessage.objects.get().registrations.all()) == [people["arabic"]]

    def test_a_selection_from_the_bulk_actions(self, admin_client_in, event, people, run_on_commit, mailoutbox):
        client = admin_client_in("en")
        ids = [people["english"].pk]
        back = f"/admin/registrations/event/{event.pk}/?status=confirmed"
        page = client.get(write_url(event, id=ids, next=back))
        shown = text_of(page)
        assert "This message goes to 1 participant." in shown
        assert "The registrations you selected on the list." in shown
        assert f'href="{back}"' in page.content.decode().replace("&amp;", "&")
        mailoutbox.clear()
        with run_on_commit():
            client.post(write_url(event), {**TEXTS, "id": ids, "step": "send"})
        assert [m.to for m in mailoutbox] == [[people["english"].person.email]]

    def test_the_registrations_list_offers_it(self, admin_client_in, event, people):
        page = admin_client_in("en").get(f"/admin/registrations/event/{event.pk}/").content.decode()
        assert f'href="/admin/registrations/event/{event.pk}/write/"' in page
        assert f'href="/admin/registrations/event/{event.pk}/messages/"' in page
        assert "Write to the selected participants" in page


class TestHostileAndBadInput:
    def test_a_hostile_subject_and_message_are_escaped(self, admin_client_in, event, people, run_on_commit, mailoutbox):
        client = admin_client_in("en")
        hostile = {
            "subject": '<img src=x onerror="alert(1)">',
            "body": '<script>alert("x")</script>\r\n<a href="https://evil.example">click</a>',
        }
        preview = client.post(write_url(event), {**hostile, "step": "preview"}).content.decode()
        assert "<script>alert" not in preview and '<img src=x onerror="alert(1)">' not in preview
        # The email is shown whole inside a sandboxed frame, escaped into its attribute.
        assert '<iframe class="registrations-write-email" sandbox="" srcdoc="&lt;!DOCTYPE html&gt;' in preview
        assert "&amp;lt;script&amp;gt;alert(&amp;quot;x&amp;quot;)&amp;lt;/script&amp;gt;" in preview
        mailoutbox.clear()
        with run_on_commit():
            client.post(write_url(event), {**hostile, "step": "send"})
        assert len(mailoutbox) == 2
        for email in mailoutbox:
            page = email.alternatives[0][0]
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;a href=" in page
            assert "<script>" not in page and '<a href="https://evil.example">' not in page
            assert "<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in page
        detail = client.get(f"/admin/registrations/event/{event.pk}/messages/{EventMessage.objects.get().pk}/")
        assert "<script>alert" not in detail.content.decode()

    @pytest.mark.parametrize(
        ("texts", "words"),
        [
            ({}, "Write the subject and the message in Arabic, in English, or in both."),
            ({"subject": "Only a subject"}, "The English version needs both a subject and a message."),
            ({"subject": "s" * 201, "body": "b"}, "at most 200 characters, and it has 201"),
            ({"subject_ar": "ع", "body_ar": "ب" * 10_001}, "at most 10000 characters, and it has 10001"),
        ],
    )
    @pytest.mark.parametrize("step", ["preview", "send"])
    def test_bad_texts_are_refused_on_the_form(self, admin_client_in, event, people, mailoutbox, texts, words, step):
        mailoutbox.clear()
        response = admin_client_in("en").post(write_url(event), {**texts, "step": step})
        assert response.status_code == 400
        assert words in text_of(response)
        if "body_ar" in texts:
            assert texts["body_ar"] in response.content.decode()  # kept, not cut
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)

    @pytest.mark.parametrize(
        ("query", "words"),
        [
            ({"status": "everyone"}, "The list's filters were not understood."),
            ({"id": ["999999999"]}, "The selection was not understood"),
            ({"id": ["12abc"]}, "The selection was not understood"),
        ],
    )
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_tampered_audience_gives_a_message_and_sends_nothing(
        self, admin_client_in, event, people, mailoutbox, query, words, method
    ):
        client = admin_client_in("en")
        mailoutbox.clear()
        if method == "get":
            response = client.get(write_url(event, **query), follow=True)
        else:
            response = client.post(write_url(event), {**TEXTS, **query, "step": "send"}, follow=True)
        assert response.redirect_chain[-1][0].startswith(f"/admin/registrations/event/{event.pk}/")
        assert words in text_of(response)
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)

    def test_another_events_registration_in_the_selection_is_refused(self, admin_client_in, event, people, mailoutbox):
        other = RegistrationFactory()
        mailoutbox.clear()
        response = admin_client_in("en").post(
            write_url(event), {**TEXTS, "id": [people["arabic"].pk, other.pk], "step": "send"}, follow=True
        )
        assert "The selection was not understood" in text_of(response)
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)


class TestAccess:
    def test_someone_who_may_not_manage_the_event_gets_no_page_and_sends_nothing(
        self, client, demo_site, event, people, mailoutbox
    ):
        from events.models import EventIndexPage

        theirs = SettingsFactory()
        message = EventMessage.objects.create(event=event, subject="Secret subject", body="x", recipients=1)
        # An organiser of another part of the site, and the event's reporter-like outsiders.
        index = EventIndexPage.objects.get(locale__language_code="ar")
        other_index = index.get_parent().add_child(
            instance=EventIndexPage(title="أرشيف", slug="archive-msgs", locale=index.locale)
        )
        client.force_login(organiser(edit_pages_under=other_index))
        mailoutbox.clear()
        for url in (
            write_url(event),
            f"/admin/registrations/event/{event.pk}/messages/",
            f"/admin/registrations/event/{event.pk}/messages/{message.pk}/",
        ):
            response = client.get(url, follow=True)
            assert_not_found(response, "ar", hides=[event.title, "Secret subject", people["arabic"].reference])
        sending = client.get(write_url(event), follow=True).request["PATH_INFO"]
        assert client.post(sending, {**TEXTS, "step": "send"}).status_code == 404
        assert (mailoutbox, EventMessage.objects.count()) == ([], 1)
        assert theirs.event.pk != event.pk

    def test_a_participant_reaches_nothing(self, client, event, people, mailoutbox):
        user = _user_of(people["arabic"])
        client.force_login(user)
        mailoutbox.clear()
        for response in (
            client.get(write_url(event), follow=True),
            client.post(write_url(event), {**TEXTS, "step": "send"}, follow=True),
        ):
            shown = text_of(response)
            assert "This message goes to" not in shown and "تصل هذه الرسالة" not in shown
            assert response.redirect_chain and "login" in response.redirect_chain[0][0]
        assert (mailoutbox, EventMessage.objects.count()) == ([], 0)

    def test_another_events_message_is_not_found_under_this_event(self, admin_client_in, event, people):
        other = EventMessage.objects.create(event=SettingsFactory().event, subject="Elsewhere", body="x")
        response = admin_client_in("en").get(f"/admin/registrations/event/{event.pk}/messages/{other.pk}/", follow=True)
        assert_not_found(response, "en", hides=["Elsewhere"])


def _user_of(registration):
    from tests.factories.accounts import UserFactory

    user = UserFactory()
    registration.person.user = user
    registration.person.save()
    return user


class TestMessagesSent:
    def test_newest_first_with_who_when_how_many_and_the_subject_in_the_admins_language(
        self, admin_client_in, event, people
    ):
        from tests.factories.accounts import UserFactory

        sender = UserFactory(first_name="Rana", last_name="Organiser")
        older = EventMessage.objects.create(
            event=event, subject="First news", subject_ar="الخبر الأول", body="a", body_ar="ب", sent_by=sender
        )
        newer = EventMessage.objects.create(event=event, subject="Second news", body="b", recipients=7)
        EventMessage.objects.filter(pk=older.pk).update(sent_at=newer.sent_at.replace(year=newer.sent_at.year - 1))
        url = f"/admin/registrations/event/{event.pk}/messages/"
        english = text_of(admin_client_in("en").get(url))
        assert english.index("Second news") < english.index("First news")
        assert "Rana Organiser" in english and "الخبر الأول" not in english
        arabic = text_of(admin_client_in("ar").get(url))
        assert "الخبر الأول" in arabic and "First news" not in arabic
        assert "Second news" in arabic  # written in English only

    @pytest.mark.parametrize("count", [2, 10])
    def test_the_list_costs_the_same_queries_however_many_messages(
        self, admin_client_in, event, django_assert_num_queries, count
    ):
        from tests.factories.accounts import UserFactory

        client = admin_client_in("en")
        url = f"/admin/registrations/event/{event.pk}/messages/"
        client.get(url)  # the session, the user's profile and the site's settings, cached
        for number in range(count):
            EventMessage.objects.create(event=event, subject=f"News {number}", body="x", sent_by=UserFactory())
        with django_assert_num_queries(QUERIES_OF_THE_LIST) as captured:
            page = client.get(url)
        assert text_of(page).count("News ") == count, captured


# The session, its user and their admin profile; the event and its locale; how many messages
# and the page of them with their senders (one join); the event in the admin's language (its
# page, the locales, the translation, its specific page). A superuser: no permission query.
QUERIES_OF_THE_LIST = 11


class TestRecipients:
    """A message's page lists those it went to a page at a time, searched by name (any
    spelling) or reference, the search kept from page to page, in the same number of queries
    for 3 recipients or 60."""

    @pytest.fixture
    def message(self, event, people):
        message = EventMessage.objects.create(event=event, subject="Bring your ID", body="x", recipients=3)
        message.registrations.add(people["arabic"], people["english"], people["no_email"])
        return message

    @staticmethod
    def url(message, query=""):
        return f"/admin/registrations/event/{message.event_id}/messages/{message.pk}/{query}"

    @staticmethod
    def references(response):
        return re.findall(r'registration/\d+/">\s*([A-Z0-9]{12})\s*<', response.content.decode())

    def test_a_page_at_a_time_in_reference_order_counted_in_either_language(
        self, admin_client_in, message, people, monkeypatch
    ):
        from events.registrations.staff.messages import MessageDetailView

        monkeypatch.setattr(MessageDetailView, "paginate_by", 2)
        ordered = sorted(registration.reference for registration in message.registrations.all())
        client = admin_client_in("en")
        first = client.get(self.url(message))
        assert self.references(first) == ordered[:2]
        shown = text_of(first)
        assert "Page 1 of 2" in shown and "3 recipients" in shown and "Bring your ID" in shown
        assert self.references(client.get(self.url(message, "?p=2"))) == ordered[2:]
        arabic = text_of(admin_client_in("ar").get(self.url(message)))
        assert "3 مستلمين" in arabic and "الصفحة 1 من 2" in arabic

    @pytest.mark.parametrize(
        ("query", "who"),
        [("هدي كريم", "arabic"), ("sam", "english"), ("بلا", "no_email"), ("nobody", None)],
    )
    def test_search_by_name_in_any_spelling(self, admin_client_in, message, people, query, who):
        response = admin_client_in("en").get(self.url(message), {"q": query})
        assert self.references(response) == ([people[who].reference] if who else [])
        if who is None:
            assert "No recipient matches." in text_of(response)

    def test_search_by_reference_as_it_is_written(self, admin_client_in, message, people):
        reference = people["english"].reference
        written = f"{reference[:4]}-{reference[4:8]}-{reference[8:]}".lower()
        response = admin_client_in("en").get(self.url(message), {"q": written})
        assert self.references(response) == [reference]
        results = admin_client_in("en").get(self.url(message, "results/"), {"q": written})
        assert self.references(results) == [reference] and "Bring your ID" not in results.content.decode()

    def test_the_search_is_kept_from_page_to_page(self, admin_client_in, event, message, monkeypatch):
        from events.registrations.staff.messages import MessageDetailView

        monkeypatch.setattr(MessageDetailView, "paginate_by", 2)
        for number in range(3):
            message.registrations.add(registered(event, "confirmed", "ar", name=f"Namesake {number}", name_ar=""))
        html = admin_client_in("en").get(self.url(message), {"q": "namesake"}).content.decode()
        next_link = re.search(r'<li class="next">\s*<a href="([^"]+)"', html).group(1).replace("&amp;", "&")
        assert "q=namesake" in next_link and "p=2" in next_link
        second = admin_client_in("en").get(next_link)
        assert len(self.references(second)) == 1 and "Namesake" in text_of(second)

    def test_a_message_whose_recipients_are_no_longer_kept_says_so(self, admin_client_in, event):
        message = EventMessage.objects.create(event=event, subject="Old news", body="x", recipients=40)
        shown = text_of(admin_client_in("en").get(self.url(message)))
        assert "The list of those it went to is no longer kept." in shown and "Old news" in shown

    @pytest.mark.parametrize("count", [3, 60])
    def test_the_page_costs_the_same_queries_however_many_recipients(
        self, admin_client_in, event, django_assert_num_queries, count
    ):
        message = EventMessage.objects.create(event=event, subject="News", body="x", recipients=count)
        client = admin_client_in("en")
        client.get(self.url(message))  # the session, the user's profile and the site's settings, cached
        for number in range(count):
            registration = registered(event, "confirmed", "en", name=f"Person {number}", name_ar="")
            if number % 2:
                _user_of(registration)
            message.registrations.add(registration)
        with django_assert_num_queries(QUERIES_OF_THE_MESSAGE) as captured:
            page = client.get(self.url(message))
        assert len(self.references(page)) == count, captured


# The session, its user and their admin profile; the event and its locale; the message with its
# sender (one join); how many recipients and the page of them with their people and accounts (one
# join); the event in the admin's language (its page, the locales, the translation, its specific
# page). A superuser: no permission query.
QUERIES_OF_THE_MESSAGE = 12
