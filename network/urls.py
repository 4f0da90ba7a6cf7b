"""The public directory of organisations and people."""

app_name = "network"
urlpatterns = []
