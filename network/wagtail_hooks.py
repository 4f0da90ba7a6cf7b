"""The directory in the Wagtail admin: one "Directory" menu with organisations, people,
networks, import and the merge log; a "Merge" bulk action on people and organisations."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from network.staff.merges import MergeOrganisationsBulkAction, MergePeopleBulkAction
from network.staff.viewsets import DirectoryGroup

register_snippet(DirectoryGroup)
hooks.register("register_bulk_action", MergePeopleBulkAction)
hooks.register("register_bulk_action", MergeOrganisationsBulkAction)


@hooks.register("register_log_actions")
def register_merge_action(actions):
    actions.register_action("network.merge", _("Merge duplicates"), _("Merged a duplicate into this record"))
