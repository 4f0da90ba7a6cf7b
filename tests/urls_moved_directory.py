"""A URL configuration where the directory's people moved (tests/test_urls.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from network import views

urlpatterns = i18n_patterns(
    path("", include(([path("people-moved/<str:slug>/", views.person, name="person")], "network"))),
)
