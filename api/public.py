"""The public read API: only what the public pages show."""

from ninja import Router

router = Router(tags=["public"])
