"""A demo copy goes back into PostgreSQL without a foreign-key check per row
(tests/snapshots.unchecked_copy), and only while it goes back: the test's own rows are
checked as before."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests.snapshots import may_apply_as_replica, unchecked_copy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's replication role"),
]


@pytest.fixture(autouse=True)
def superuser(django_db_blocker):
    """The copies go back unchecked only for a superuser (CI's ``postgres``); another
    connection keeps the checks, deferred, and these tests do not apply."""
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if not may_apply_as_replica(cursor):
            pytest.skip("the database user is not a superuser")


def role(cursor):
    cursor.execute("SHOW session_replication_role")
    return cursor.fetchone()[0]


def dangling_registration(cursor):
    """A status change naming a registration that does not exist."""
    cursor.execute(
        "INSERT INTO registrations_statuschange (registration_id, from_status, to_status, at, note, reason)"
        " VALUES (987654321, '', 'confirmed', now(), '', '')"
    )


def test_rows_go_back_unchecked_and_the_tests_own_rows_are_checked():
    with connection.cursor() as cursor:
        with unchecked_copy(cursor):
            assert role(cursor) == "replica"
            dangling_registration(cursor)
            connection.check_constraints()  # a copy's rows: not checked
        assert role(cursor) == "origin"
        cursor.execute("DELETE FROM registrations_statuschange WHERE registration_id = 987654321")
        with pytest.raises(IntegrityError), transaction.atomic():
            dangling_registration(cursor)
            connection.check_constraints()
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_the_role_is_put_back_when_a_copy_fails():
    with connection.cursor() as cursor:
        with pytest.raises(RuntimeError), unchecked_copy(cursor):
            raise RuntimeError("a copy that fails half-way")
        assert role(cursor) == "origin"


@pytest.mark.django_db(transaction=True)
def test_a_flush_deletes_every_row_in_one_statement_unchecked_and_only_for_its_transaction():
    from django.core.management.color import no_style

    from network.models import Organisation
    from tests.factories.network import OrganisationFactory

    OrganisationFactory()
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables)
    assert len(statements) == 1
    assert statements[0].startswith("SET LOCAL session_replication_role = replica;")
    assert 'DELETE FROM "network_organisation"' in statements[0]
    connection.ops.execute_sql_flush(statements)
    assert not Organisation.objects.exists()
    with connection.cursor() as cursor:
        assert role(cursor) == "origin"


def test_what_the_connection_was_told_of_its_user_is_what_the_catalogue_says():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        catalogue = cursor.fetchone()[0]
        assert may_apply_as_replica(cursor) is catalogue is True
