"""The account's API tokens page, under each language's prefix (site/urls.py)."""

from django.urls import path

from events import converters  # noqa: F401 - registers record_id

from . import views

urlpatterns = [
    path("my/api-tokens/", views.api_tokens, name="api_tokens"),
    path("my/api-tokens/<record_id:token_id>/revoke/", views.revoke, name="api_token_revoke"),
]
