"""The sign-in backends (home/auth_backends.py) read the signed-in account with one compiled
query, and refuse what Django's own backends refuse."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.auth_backends import ACCOUNT, AuthenticationBackend, ModelBackend
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_account_is_read_with_one_compiled_query(backend):
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        found = backend().get_user(user.pk)
    assert found == user and found.email == user.email and found.password == user.password
    assert found._state.adding is False
    [query] = queries.captured_queries
    sql, _params = ACCOUNT.sql([user.pk])
    assert query["sql"].split(" WHERE ")[0] == sql.split(" WHERE ")[0]  # the compiled text
    # The string a session keeps reads the same account.
    assert backend().get_user(str(user.pk)) == user


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_an_inactive_unknown_or_malformed_account_is_nobody(backend):
    user = UserFactory(is_active=False)
    assert backend().get_user(user.pk) is None
    assert backend().get_user(user.pk + 1000) is None
    assert backend().get_user("not a number") is None


def test_a_signed_in_visitor_is_read_by_the_sites_backends(client, db):
    ours = ["home.auth_backends.ModelBackend", "home.auth_backends.AuthenticationBackend"]
    assert settings.AUTHENTICATION_BACKENDS == ours
    user = UserFactory()
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "home.auth_backends.AuthenticationBackend"
    response = client.get("/en/accounts/email/")
    assert response.context["user"] == user and user.email in response.content.decode()
    # Deactivated since: the next request is anonymous, as with Django's own backends.
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/en/accounts/email/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
