"""The user factory: accounts with a password and an email address, verified or not."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "olive-tree-harbour-41"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who signed up with email; ``verified=False`` leaves the address unconfirmed."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=extracted is not False, primary=True)


def time_to_type_a_code(margin=5):
    """Waits, if need be, until an authenticator app's code has at least ``margin`` seconds
    left: the site accepts only the current half-minute's code (an earlier one could be used a
    second time), so a code read just before it changes is refused when the form arrives."""
    import time

    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < margin:
        time.sleep(left + 0.05)


def code_with_time_to_type(user, margin=5):
    """The code ``user``'s authenticator app shows, with at least ``margin`` seconds left."""
    from home.second_factor import current_code

    time_to_type_a_code(margin)
    return current_code(user)
