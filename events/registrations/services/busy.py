"""The queries of the busy path — everyone pressing "Register" the minute registration opens —
written as plain SQL.

Building a query with the ORM costs more processor time than running these small statements
(measured with bench/registration.py: most of a registration's time went to compiling
queries), so the four reads every registration makes are written once here, in SQL that
SQLite and PostgreSQL both run, with table and column names taken from the models. Each
function returns model instances or plain values, like the ORM query it replaces; the
tests in tests/registrations/ cover them on both databases.
"""

from functools import cache

from django.db import connection

from events.registrations.models import ACTIVE_STATUSES, Registration, RegistrationQuestion, RegistrationSettings


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _aware(value):
    """An annotated date-time as the ORM would return it (SQLite gives text or naive values)."""
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(value, None, connection) if convert and value is not None else value


def _first_settings(sql, params):
    found = list(RegistrationSettings.objects.raw(sql, params))
    if not found:
        return None
    found[0].event_start = _aware(found[0].event_start)
    return found[0]


def _settings_columns(alias):
    fields = RegistrationSettings._meta.concrete_fields
    return ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields)


def settings_of_public_page(page_id, language_code):
    """The registration settings of the live, public event page ``page_id`` (any language
    version; the settings belong to the version in ``language_code``), with ``event_start``
    and ``has_questions``; or None. A page is public when neither it nor an ancestor has a
    view restriction, as Wagtail's ``PageQuerySet.public()`` decides."""
    return _first_settings(_public_settings_sql(), [language_code, page_id])


@cache
def _public_settings_sql():
    from wagtail.models import Locale, Page, PageViewRestriction

    from events.models import EventPage

    # Only table and column names from the models are put into the text; values are parameters.
    return f"""
        SELECT {_settings_columns("s")}, e.start AS event_start,
               EXISTS (SELECT 1 FROM {_table(RegistrationQuestion)} q WHERE q.settings_id = s.id) AS has_questions
        FROM {_table(Page)} p
        JOIN {_table(Page)} c ON c.translation_key = p.translation_key
        JOIN {_table(Locale)} l ON l.id = c.locale_id AND l.language_code = %s
        JOIN {_table(RegistrationSettings)} s ON s.event_id = c.id
        JOIN {_table(EventPage)} e ON e.page_ptr_id = c.id
        WHERE p.id = %s AND p.live
          AND NOT EXISTS (
              SELECT 1 FROM {_table(PageViewRestriction)} r JOIN {_table(Page)} rp ON rp.id = r.page_id
              WHERE substr(p.path, 1, length(rp.path)) = rp.path
          )
    """  # noqa: S608


def verified_person(user_id):
    """The Person linked to account ``user_id``, with ``has_verified_email``; or None."""
    from network.models import Person

    found = list(Person.objects.raw(_verified_person_sql(), [user_id]))
    return found[0] if found else None


@cache
def _verified_person_sql():
    from allauth.account.models import EmailAddress

    from network.models import Person

    return f"""
        SELECT p.*, EXISTS (
            SELECT 1 FROM {_table(EmailAddress)} a WHERE a.user_id = p.user_id AND a.verified
        ) AS has_verified_email
        FROM {_table(Person)} p WHERE p.user_id = %s
    """  # noqa: S608


def lock_settings(event_id):
    """The settings row of the canonical event ``event_id`` with ``event_start``, locked until
    the transaction ends; or None. On PostgreSQL the lock is ``FOR UPDATE``; SQLite has no row
    locks, and its transactions start with ``BEGIN IMMEDIATE`` (see site/settings.py), which
    already serialises writers."""
    return _first_settings(_lock_sql(), [event_id])


@cache
def _lock_sql():
    from events.models import EventPage

    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    return f"""
        SELECT {_settings_columns("s")}, e.start AS event_start
        FROM {_table(RegistrationSettings)} s JOIN {_table(EventPage)} e ON e.page_ptr_id = s.event_id
        WHERE s.event_id = %s{lock}
    """  # noqa: S608


def active_counts(event_id):
    """``{status: number}`` of the event's active registrations."""
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql(), [event_id, *[str(status) for status in ACTIVE_STATUSES]])
        return dict(cursor.fetchall())


@cache
def _counts_sql():
    placeholders = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    return f"""
        SELECT status, COUNT(*) FROM {_table(Registration)}
        WHERE event_id = %s AND status IN ({placeholders}) GROUP BY status
    """  # noqa: S608
