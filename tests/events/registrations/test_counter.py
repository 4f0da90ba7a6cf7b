"""The event's counter (services/counter.py) equals its registrations' counts after every path
that creates, changes or deletes a registration; the lock reads it instead of counting; the
reconciliation finds and fixes a counter that drifted; the organisers' settings form never
writes stale counts back; ``seats_changed`` is sent once the seats changed.

The concurrent paths (many people registering and cancelling at once) are in
test_counter_concurrency.py, on PostgreSQL.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from events.registrations import services
from events.registrations.imports import service as imports
from events.registrations.models import Registration, RegistrationSettings, RegistrationSource, RegistrationStatus
from events.registrations.services.counter import Counts, counted, reconcile, seats_changed
from events.registrations.services.lifecycle import lock_settings, register
from tests.factories.accounts import UserFactory
from tests.factories.network import PersonFactory
from tests.factories.registrations import RegistrationFactory, SettingsFactory, event_page, participant

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def kept(event_id):
    return Counts.of(RegistrationSettings.objects.get(event_id=event_id))


def assert_counter_true(event_id):
    assert kept(event_id) == counted(event_id)
    assert reconcile(event_ids=[event_id]) == []


@pytest.fixture
def world(demo_site):
    """Two seats, both taken (Amal, Badr), Chiya waiting, Dalia pending approval, which the
    event now requires: every status a path can start from."""
    settings = SettingsFactory(event=event_page(english=False), capacity=2)
    people = {}
    for name in ("amal", "badr", "chiya", "dalia"):
        if name == "dalia":
            RegistrationSettings.objects.filter(pk=settings.pk).update(approval_required=True)
        user, person = participant(name=name)
        people[name] = register(settings.event_id, person, send_email=False)
        people[name].user = user
    statuses = [people[name].status for name in ("amal", "badr", "chiya", "dalia")]
    assert statuses == [S.CONFIRMED, S.CONFIRMED, S.WAITLISTED, S.PENDING]
    assert kept(settings.event_id) == Counts(confirmed=2, waitlisted=1, pending=1)
    return {"event": settings.event, "settings": settings, **people}


def staff_register(world, **overrides):
    return register(
        world["event"], PersonFactory(), source=RegistrationSource.STAFF, override_approval=True, **overrides
    )


def imported(world):
    rows = "Timestamp,الاسم,Email Address\r\n2025/03/01 10:02:11 AM GMT+3,مها داود,maha@example.org\r\n"
    rows += "2025/03/01 11:00:00 AM GMT+3,علي حسن,ali@example.org\r\n"
    sheet = imports.read("responses.csv", rows.encode())
    return imports.apply(world["event"], sheet, imports.mapping_for(world["event"], sheet.headers))


def walked_in(world):
    from events.attendance.services.walk_in import walk_in
    from events.attendance.slots import slots_for

    slot = slots_for(world["event"])[0]
    return walk_in(world["event"], slot.key, name="At the door", override_capacity=True)


def merged(world):
    from network.merge import merge_people

    # Chiya's waiting registration repeats Amal's confirmed one once both are one person:
    # the merge drops it.
    merge_people(world["amal"].person, world["chiya"].person)


def accepted(world):
    user = UserFactory(verified=True)
    added = services.add_by_staff(world["event"], email=user.email, name="Guest")
    assert added.awaiting_acceptance
    services.accept(added)


def deleted_account(world):
    from home.privacy import delete_account

    delete_account(world["amal"].user)


def raised_capacity(world):
    RegistrationSettings.objects.filter(pk=world["settings"].pk).update(capacity=5)
    services.settings_changed(world["settings"])


PATHS = {
    "register: pending approval": (lambda w: register(w["event"], PersonFactory()), (2, 1, 2)),
    "register: confirmed beyond capacity by staff": (lambda w: staff_register(w, override_capacity=True), (3, 1, 1)),
    "register: waitlisted": (lambda w: staff_register(w), (2, 2, 1)),
    "cancel confirmed: the first waiting promoted": (lambda w: services.cancel(w["amal"]), (2, 0, 1)),
    "cancel as the participant": (lambda w: services.cancel(w["badr"], as_participant=True), (2, 0, 1)),
    "cancel waitlisted": (lambda w: services.cancel(w["chiya"]), (2, 0, 1)),
    "decline pending": (lambda w: services.decline(w["dalia"]), (2, 1, 0)),
    "decline confirmed: the first waiting promoted": (lambda w: services.decline(w["badr"]), (2, 0, 1)),
    "approve: no seat, waiting list": (lambda w: services.approve(w["dalia"]), (2, 2, 0)),
    "approve beyond capacity": (lambda w: services.approve(w["dalia"], override_capacity=True), (3, 1, 0)),
    "promote waitlisted": (lambda w: services.promote(w["chiya"], override_capacity=True), (3, 0, 1)),
    "promote pending": (lambda w: services.promote(w["dalia"], override_capacity=True), (3, 1, 0)),
    "capacity raised: the waiting list fills": (raised_capacity, (3, 0, 1)),
    "staff add by hand": (lambda w: services.add_by_staff(w["event"], name="Guest", override_approval=True), (2, 2, 1)),
    "staff add, accepted by the participant": (accepted, (2, 1, 2)),
    "import of a spreadsheet": (imported, (2, 1, 3)),
    "walk-in at the desk": (walked_in, (3, 1, 1)),
    "merge of two people": (merged, (2, 0, 1)),
    "registration deleted": (lambda w: Registration.objects.get(pk=w["badr"].pk).delete(), (1, 1, 1)),
    "registrations deleted together": (
        lambda w: Registration.objects.filter(pk__in=[w["amal"].pk, w["dalia"].pk]).delete(),
        (1, 1, 0),
    ),
    "account deleted": (deleted_account, (2, 1, 1)),
    "confirmed place given to someone else": (lambda w: services.replace(w["amal"], name="Colleague"), (2, 1, 1)),
    "waiting place given to someone else": (lambda w: services.replace(w["chiya"], name_ar="زميلة"), (2, 1, 1)),
    "pending request given to someone else": (lambda w: services.replace(w["dalia"], name="Colleague"), (2, 1, 1)),
}


@pytest.mark.parametrize("path", PATHS)
def test_the_counter_equals_the_registrations_after_every_path(world, path):
    change, expected = PATHS[path]
    change(world)
    event_id = world["event"].pk
    assert kept(event_id) == Counts(*expected)
    assert_counter_true(event_id)


def test_the_lock_reads_the_counter_and_never_counts_the_registrations(world):
    """The locked section is the same whatever the number of registrations: the lock's one
    query gives the counts; no query reads the registrations while registering."""
    for _ in range(5):
        RegistrationFactory(event=world["event"], status=S.CANCELLED)
    person = PersonFactory()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        register(world["event"].pk, person)
    table = Registration._meta.db_table
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and f'"{table}"' in q["sql"]]
    assert reads == []
    assert [q["sql"].split()[0] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]] == [
        "SELECT",  # the lock, with the counts
        "INSERT",  # the registration
        "UPDATE",  # its event's counter
        "INSERT",  # its history
    ]


def test_an_event_not_counted_yet_is_counted_once_by_its_first_registration(demo_site):
    settings = SettingsFactory(capacity=3)
    RegistrationFactory(event=settings.event, status=S.CONFIRMED)
    RegistrationFactory(event=settings.event, status=S.WAITLISTED)
    assert kept(settings.event_id) is None
    assert services.Counts.for_event(settings.event_id) == Counts(1, 1, 0)  # pages count meanwhile
    assert reconcile(event_ids=[settings.event_id])[0].kept is None
    registration = register(settings.event, PersonFactory())
    assert registration.status == S.WAITLISTED  # someone waits: no seat is free for a newcomer
    assert kept(settings.event_id) == Counts(1, 2, 0)
    assert_counter_true(settings.event_id)


def test_an_event_without_registrations_is_not_a_difference(demo_site):
    settings = SettingsFactory()
    assert kept(settings.event_id) is None and reconcile(event_ids=[settings.event_id]) == []


def test_the_reconciliation_finds_a_drifted_counter_and_fixes_it_under_the_lock(world):
    event_id = world["event"].pk
    RegistrationFactory(event=world["event"], status=S.CONFIRMED)  # written around the services
    RegistrationSettings.objects.filter(event_id=event_id).update(pending_count=7)
    [difference] = reconcile(event_ids=[event_id])
    assert (difference.kept, difference.true, difference.fixed) == (Counts(2, 1, 7), Counts(3, 1, 1), False)
    assert kept(event_id) == Counts(2, 1, 7)  # only compared

    [fixed] = reconcile(fix=True, event_ids=[event_id])
    assert (fixed.kept, fixed.true, fixed.fixed) == (Counts(2, 1, 7), Counts(3, 1, 1), True)
    assert_counter_true(event_id)


def test_the_command_prints_what_differs_exits_non_zero_and_fixes_with_fix(world):
    event_id = world["event"].pk
    RegistrationSettings.objects.filter(event_id=event_id).update(confirmed_count=5)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("reconcile_registration_counts", stdout=out)
    assert failed.value.returncode == 1
    assert f"event {event_id}: counter 5/1/1, registrations 2/1/1" in out.getvalue()
    assert kept(event_id) == Counts(5, 1, 1)

    out = io.StringIO()
    call_command("reconcile_registration_counts", "--fix", stdout=out)
    assert f"fixed event {event_id}: counter 5/1/1, registrations 2/1/1" in out.getvalue()
    assert "Corrected the counters of 1 event(s)." in out.getvalue()
    out = io.StringIO()
    call_command("reconcile_registration_counts", stdout=out)
    assert "Every event's counter matches its registrations." in out.getvalue()
    assert_counter_true(event_id)


def test_saving_settings_loaded_earlier_keeps_the_counts(world):
    """The organisers' form saves settings it loaded before others registered: the capacity
    it changes is written, the counts it holds are not."""
    stale = RegistrationSettings.objects.get(pk=world["settings"].pk)
    staff_register(world, override_capacity=True)
    stale.capacity = 4
    stale.save()
    fresh = RegistrationSettings.objects.get(pk=stale.pk)
    assert (fresh.capacity, Counts.of(fresh)) == (4, Counts(3, 1, 1))
    assert_counter_true(stale.event_id)


def test_pages_read_the_counts_from_the_counter(world):
    event_id = world["event"].pk
    state = services.availability(world["event"])
    assert (state.state, state.counts, state.seats_left) == ("waitlist", Counts(2, 1, 1), 0)
    assert services.counts_by_event([event_id, 987_654]) == {event_id: Counts(2, 1, 1), 987_654: Counts()}


def test_seats_changed_is_sent_once_the_change_is_committed(world, django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, event_id, **kwargs):
        heard.append(event_id)

    seats_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(world["chiya"])
        assert heard == [world["event"].pk]
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel(world["dalia"])
    finally:
        seats_changed.disconnect(receiver)
    assert heard == [world["event"].pk, world["event"].pk]


def test_a_refused_registration_changes_no_count(world):
    with pytest.raises(services.RegistrationError):
        register(world["event"], world["amal"].person)
    assert_counter_true(world["event"].pk)
    with transaction.atomic():
        assert Counts.of(lock_settings(world["event"].pk)) == Counts(2, 1, 1)
