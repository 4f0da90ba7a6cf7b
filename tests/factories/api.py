"""Personal API tokens for the staff API's tests, made through the service the account page
calls."""

from api import tokens


def token_for(user, **options):
    """``(staff_token, secret)``: a new token of ``user`` (read scope, every event, no expiry
    unless ``options`` say otherwise)."""
    return tokens.create(user, name=options.pop("name", "Test integration"), **options)


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
