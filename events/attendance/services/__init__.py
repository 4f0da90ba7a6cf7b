"""The attendance services: recording and undoing attendance (records.py), the check-in desk's
lookups (desk.py) and network membership that follows from taking part (membership.py)."""

from .records import check_in, record_many, slot_counts, undo

__all__ = ["check_in", "record_many", "slot_counts", "undo"]
