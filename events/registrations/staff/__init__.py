"""The organisers' side of registration, inside the Wagtail admin (see wagtail_hooks.py)."""
