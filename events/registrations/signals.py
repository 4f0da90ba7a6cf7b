"""Keeps the "Event organisers" group in place after every migration."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ORGANISERS_GROUP = "Event organisers"


# The apps whose permissions the group holds: after ``migrate`` (and a test's flush) the
# group is set up when each has its permissions, not once for every installed app.
PERMISSIONS_FROM = ("wagtailadmin", "registrations")


def ensure_organisers_group(sender, using="default", **kwargs):
    """The group staff are put in to see and manage registrations (and nothing more)."""
    if sender is not None and sender.label not in PERMISSIONS_FROM:
        return
    group, _created = Group.objects.using(using).get_or_create(name=ORGANISERS_GROUP)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in=PERMISSIONS_FROM,
        codename__in=["access_admin", "manage_registrations"],
    )
    group.permissions.add(*wanted)


GROUP_LABEL = _("Event organisers")
