"""Keeps the "Event organisers" group in place after every migration."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ORGANISERS_GROUP = "Event organisers"


def ensure_organisers_group(sender, using="default", **kwargs):
    """The group staff are put in to see and manage registrations (and nothing more)."""
    group, _created = Group.objects.using(using).get_or_create(name=ORGANISERS_GROUP)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in=["wagtailadmin", "registrations"],
        codename__in=["access_admin", "manage_registrations"],
    )
    group.permissions.add(*wanted)


GROUP_LABEL = _("Event organisers")
