"""The sign-in backends: Django's (username and password) and allauth's (email, codes), each
reading the signed-in visitor's account with one compiled query (core/compiled.py).

Every request of a signed-in visitor reads their account first. The backends' own read builds
its query through the ORM each time: about 0.3 ms of the 4 ms of processor time a registration
took through the view (measured in one process on SQLite). Signing in, permissions and
everything else are the backends' own.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError

from core.compiled import CompiledQuery


def _account(user_id):
    return get_user_model()._default_manager.filter(pk=user_id).order_by()[:1]


# The stand-in fits a 32-bit id (auth_user's): PostgreSQL's backend turns an id beyond its
# column's range into a query that finds nothing, with no SQL to compile.
ACCOUNT = CompiledQuery(_account, -2_000_000_011)


class _CompiledRead:
    def get_user(self, user_id):
        """The account ``user_id`` when it may sign in (active), else None: as Django's
        ``ModelBackend.get_user``, in one compiled query."""
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = ACCOUNT.first(model, [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_CompiledRead, backends.ModelBackend):
    pass


class AuthenticationBackend(_CompiledRead, AllauthBackend):
    pass
