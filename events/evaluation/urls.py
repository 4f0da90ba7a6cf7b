"""The participant's evaluation page, under /ar/ and /en/ beside their registration's page."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("my/events/<str:reference>/evaluation/", views.answer_view, name="answer"),
]
