"""Event URLs that are not Wagtail pages (calendar feeds and the like)."""

app_name = "events"
urlpatterns = []
