"""The "Event organisers" group is in place after every migration (and after a flush, which
sends the same signal), holding the admin's door and the registrations, nothing more."""

from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.registrations.signals import ORGANISERS_GROUP


def held(group):
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())


def test_after_migrating_the_group_holds_the_admin_door_and_the_registrations(db):
    group = Group.objects.get(name=ORGANISERS_GROUP)
    assert held(group) == ["registrations.manage_registrations", "wagtailadmin.access_admin"]


def test_after_a_flush_the_signal_sets_the_group_up_again_once_every_permission_exists(db):
    # A flush empties every table: the permissions too, made again app by app by the signal.
    Group.objects.filter(name=ORGANISERS_GROUP).delete()
    Permission.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert held(Group.objects.get(name=ORGANISERS_GROUP)) == [
        "registrations.manage_registrations",
        "wagtailadmin.access_admin",
    ]
    looked_up = [q["sql"] for q in queries.captured_queries if 'FROM "auth_group" WHERE' in q["sql"]]
    assert len(looked_up) == 1  # on the last app's turn, not on each of the forty
