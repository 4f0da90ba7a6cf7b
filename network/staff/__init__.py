"""The directory in the Wagtail admin: snippet viewsets with filters and spelling-insensitive
search, import and export, merging duplicates."""
