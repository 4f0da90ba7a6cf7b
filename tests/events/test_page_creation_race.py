"""Two requests creating a page under the same parent at once: Wagtail's autosave drafting a
new event while its editor presses "Publish", or a button pressed twice. Each reads the
parent's children before either writes, so without a lock the second failed at the database
(the tree path or the slug the first had just taken) with a server error. Each such request
now runs in a transaction that first locks the parent page (home/middleware.py): the second
waits, then sees the first's page and its form says the slug is taken.

Measured without the middleware, four requests at once (two drafts, two publications): one
page created and three server errors, on SQLite and on PostgreSQL alike. With it: one page, and
three forms saying the slug is taken, on both."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from events.models import EventPage
from tests.events.registrations.test_concurrency import post_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def add_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if "__prefix__" in key]:
        del data[key]
    data.update(nested_form_data({"body": streamfield([])}))
    data.update(
        {
            "title": "Digital Forum",
            "slug": "digital-forum",
            "kind": "forum",
            "event_format": "online",
            "online_link": "https://meet.example.org/forum",
            "time_zone": "Asia/Baghdad",
            "start": "2031-05-10 09:00",
            "end": "2031-05-10 17:00",
            "summary": "A forum",
        }
    )
    return data


def test_a_new_event_saved_and_published_at_once_is_created_once_without_an_error(events_index):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a long editor password 42")
    url = f"/admin/pages/add/events/eventpage/{events_index['en'].pk}/"
    clients = []
    for _ in range(4):
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        clients.append(client)
    draft = add_form(clients[0], url)
    published = draft.copy()
    published["action-publish"] = "action-publish"

    outcomes = post_at_once([(client, url, data) for client, data in zip(clients, [draft, published] * 2, strict=True)])

    statuses = sorted(getattr(outcome, "status_code", repr(outcome)) for outcome in outcomes)
    assert statuses == [200, 200, 200, 302]
    (created,) = EventPage.objects.filter(slug="digital-forum")
    refused = [outcome for outcome in outcomes if outcome.status_code == 200]
    for outcome in refused:
        errors = outcome.context["form"].errors
        assert list(errors) == ["slug"] and "digital-forum" in str(errors["slug"])
    assert created.get_parent().pk == events_index["en"].pk
