"""The organisers' list of an event's invitations when it holds hundreds: a page at a time,
searched by address or by the name in any spelling, filtered by state with each state counted
(each count a link to its filter), the search and the filter kept from page to page and after
an action, the count said in Arabic's plural forms; and an invitation's state told the same way
on one row and in the list's filter and counts."""

import re

import pytest
from django.utils import timezone

from events.registrations.models import Invitation, InvitationStatus
from events.registrations.services import invitations as service
from events.registrations.services import register
from events.registrations.staff.invitations import InvitationsView
from tests.events.registrations import test_invitations_staff as staff_page
from tests.events.registrations.test_messages_pages import text_of
from tests.factories.registrations import participant

pytestmark = pytest.mark.django_db


# The event taking registrations by invitation only, as on the page's other tests.
event = staff_page.event


def page_url(event, query=""):
    return f"{staff_page.page_url(event)}{query}"


def invite(event, *people):
    """Invitations of ``event`` to ``people`` (``(name, email)``), newest last."""
    made = []
    for name, email in people:
        made.append(Invitation.objects.create(event=event, name=name, email=email))
    return made


def revoke(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())


def listed(response):
    """The addresses the list shows, in its order."""
    return re.findall(r'title="([^"]+@[^"]+)"', response.content.decode())


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(InvitationsView, "paginate_by", 4)


@pytest.fixture
def many(event):
    """Ten invitations: three used, two withdrawn (one of them after it was used), so two
    registered, two revoked and six waiting; names in Arabic and English."""
    made = invite(
        event,
        *[(f"Guest {number}", f"guest{number}@example.org") for number in range(6)],
        ("أحمد الجبوري", "ahmed@example.org"),
        ("إسراء علي", "israa@example.org"),
        ("Mona Saleh", "mona@partner.example.org"),
        ("", "plain@example.org"),
    )
    for invitation in made[:3]:
        register(event, participant()[1], invitation=invitation)
    revoke(made[2])
    revoke(made[3])
    return made


def test_a_page_at_a_time_with_the_count_of_all(admin_client_in, event, many, small_pages):
    client = admin_client_in("en")
    first = client.get(page_url(event))
    shown = text_of(first)
    assert listed(first) == ["plain@example.org", "mona@partner.example.org", "israa@example.org", "ahmed@example.org"]
    assert "Page 1 of 3" in shown and "10 invitations" in shown
    third = client.get(page_url(event, "?p=3"))
    assert listed(third) == ["guest1@example.org", "guest0@example.org"]
    # The paste form stays above the list on every page.
    assert 'name="lines"' in third.content.decode()


def test_each_state_is_counted_and_links_to_its_filter(admin_client_in, event, many):
    client = admin_client_in("en")
    html = client.get(page_url(event)).content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"total": "10", "waiting": "6", "registered": "2", "revoked": "2"}
    assert f'href="{page_url(event, "?status=revoked")}"' in html

    revoked = client.get(page_url(event, "?status=revoked"))
    assert listed(revoked) == ["guest3@example.org", "guest2@example.org"]  # guest2 after it was used
    assert 'data-state="revoked" aria-current="true"' in revoked.content.decode()
    assert "Withdrawn" not in text_of(revoked) and text_of(revoked).count("Send again") == 0
    registered = client.get(page_url(event, "?status=registered"))
    assert listed(registered) == ["guest1@example.org", "guest0@example.org"]
    waiting = client.get(page_url(event, "?status=waiting"))
    assert listed(waiting) == [
        "plain@example.org",
        "mona@partner.example.org",
        "israa@example.org",
        "ahmed@example.org",
        "guest5@example.org",
        "guest4@example.org",
    ]
    # The counts stay those of the whole event whatever the filter.
    assert 'data-count="total">10<' in waiting.content.decode()


def test_an_unknown_state_filters_nothing_and_is_no_error(admin_client_in, event, many):
    response = admin_client_in("en").get(page_url(event, "?status=lost"))
    assert response.status_code == 200
    assert len(listed(response)) == 10


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("احمد", ["ahmed@example.org"]),  # the hamza left out
        ("اسراء", ["israa@example.org"]),
        ("mona", ["mona@partner.example.org"]),  # the name
        ("PARTNER.example", ["mona@partner.example.org"]),  # a part of the address, in any case
        ("guest 4", ["guest4@example.org"]),
        ("nobody", []),
    ],
)
def test_search_by_name_in_any_spelling_or_by_address(admin_client_in, event, many, query, found):
    response = admin_client_in("en").get(page_url(event), {"q": query})
    assert listed(response) == found
    if not found:
        assert "No invitation matches." in text_of(response)


def test_the_search_and_the_filter_are_kept_from_page_to_page(admin_client_in, event, many, small_pages):
    client = admin_client_in("en")
    response = client.get(page_url(event), {"q": "guest", "status": "waiting"})
    # guest0 and guest1 registered, guest2 and guest3 withdrawn: guest4 and guest5 wait.
    assert listed(response) == ["guest5@example.org", "guest4@example.org"]
    invite(event, *[(f"Guest {number}", f"guest{number}@example.org") for number in range(6, 12)])
    first = client.get(page_url(event), {"q": "guest", "status": "waiting"})
    html = first.content.decode()
    assert "Page 1 of 2" in text_of(first)
    next_link = re.search(r'<li class="next">\s*<a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "q=guest" in next_link and "status=waiting" in next_link and "p=2" in next_link
    assert listed(first) == ["guest11@example.org", "guest10@example.org", "guest9@example.org", "guest8@example.org"]
    second = client.get(next_link)
    assert listed(second) == ["guest7@example.org", "guest6@example.org", "guest5@example.org", "guest4@example.org"]
    # The results alone, as the search box asks for them, follow the same filter.
    results = client.get(f"{page_url(event)}results/", {"q": "guest", "status": "waiting", "p": "2"})
    assert listed(results) == listed(second)
    assert 'name="lines"' not in results.content.decode()


def test_an_action_goes_back_to_the_list_as_it_was_left(admin_client_in, event, many, small_pages, mailoutbox):
    client = admin_client_in("en")
    back = page_url(event, "?q=guest&status=waiting")
    html = client.get(back).content.decode()
    assert f'name="next" value="{back.replace("&", "&amp;")}"' in html
    target = next(invitation for invitation in many if invitation.email == "guest4@example.org")
    response = client.post(f"{page_url(event)}{target.pk}/revoke/", {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    # Somewhere else is not followed: back to the list.
    response = client.post(f"{page_url(event)}{target.pk}/send-again/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == page_url(event)


def test_a_refused_paste_keeps_the_list_and_its_counts(admin_client_in, event, many):
    response = admin_client_in("en").post(
        page_url(event), {"lines": "ok@example.org\nnot an address", "language": "en"}
    )
    assert response.status_code == 400
    shown = text_of(response)
    assert "Line 2:" in shown and "10 invitations" in shown
    assert 'data-count="total">10<' in response.content.decode()
    assert Invitation.objects.filter(event=event).count() == 10


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "دعوة واحدة"), (2, "دعوتان"), (3, "3 دعوات"), (11, "11 دعوةً"), (100, "100 دعوة")],
)
def test_the_count_is_said_in_arabic_plural_forms(admin_client_in, event, count, said):
    Invitation.objects.bulk_create(
        Invitation(event=event, email=f"p{number}@example.org", token=f"t{number}") for number in range(count)
    )
    shown = text_of(admin_client_in("ar").get(page_url(event)))
    assert said in shown
    assert "المدعوّون" in shown and "لم يسجّل بعد" in shown


def test_a_name_is_folded_when_pasted_and_when_changed(event, demo_site):
    from tests.factories.accounts import UserFactory

    staff = UserFactory(is_superuser=True, is_staff=True)
    service.invite(event, "أحمد الجبوري <ahmed@example.org>\nplain@example.org", language="ar", by=staff)
    invitation = Invitation.objects.get(email="ahmed@example.org")
    assert invitation.search_text == "احمد الجبوري"
    assert Invitation.objects.get(email="plain@example.org").search_text == ""
    invitation.name = "Ahmed Al-Jubouri"
    invitation.save(update_fields=["name"])
    invitation.refresh_from_db()
    assert invitation.search_text == "ahmed al jubouri"


def test_one_rows_state_and_the_lists_states_agree(event, many):
    """``Invitation.status`` on each row is the state whose condition finds it, and only it."""
    for invitation in Invitation.objects.filter(event=event):
        found = [status for status in InvitationStatus if Invitation.objects.in_state(status).filter(pk=invitation.pk)]
        assert found == [invitation.status]
    assert service.invitation_counts(event) == {"total": 10, "waiting": 6, "registered": 2, "revoked": 2}
