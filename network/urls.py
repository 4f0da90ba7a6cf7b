"""The public directory of organisations and people, under /<language>/directory/."""

from django.urls import path

from network import views

app_name = "network"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<str:slug>/", views.organisation, name="organisation"),
    path("people/", views.people, name="people"),
    path("people/<str:slug>/", views.person, name="person"),
    path("networks/<str:slug>/", views.network, name="network"),
]
