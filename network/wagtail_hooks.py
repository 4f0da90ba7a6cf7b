"""The directory in the Wagtail admin: one "Directory" menu with organisations, people,
networks, import and the merge log; a "Merge" bulk action on people and organisations; the
directory's audit log entries (network/audit.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from network import audit
from network.staff.merges import MergeOrganisationsBulkAction, MergePeopleBulkAction
from network.staff.viewsets import DirectoryGroup

register_snippet(DirectoryGroup)
hooks.register("register_bulk_action", MergePeopleBulkAction)
hooks.register("register_bulk_action", MergeOrganisationsBulkAction)


hooks.register("register_log_actions", audit.register)
