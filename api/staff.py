"""The staff API: personal tokens, the same permissions as the admin."""

from ninja import Router

router = Router(tags=["staff"])
