"""Placeholder: filled by the feature that owns these addresses."""

urlpatterns = []
