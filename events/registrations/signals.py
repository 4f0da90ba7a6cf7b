"""Keeps the "Event organisers" group in place after every migration."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ORGANISERS_GROUP = "Event organisers"


def ensure_organisers_group(sender, using="default", **kwargs):
    """The group staff are put in to see and manage registrations (and nothing more).

    After ``migrate`` (and a test's flush, which empties every table) the signal is sent once
    for each installed app, and each app's permissions are made on its own turn: the group is
    set up on the last app's, when every permission exists."""
    if sender is not None and sender is not _last_app_with_models():
        return
    group, _created = Group.objects.using(using).get_or_create(name=ORGANISERS_GROUP)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in=["wagtailadmin", "registrations"],
        codename__in=["access_admin", "manage_registrations"],
    )
    group.permissions.add(*wanted)


def _last_app_with_models():
    """The app the migration signal is sent for last (it skips apps without models)."""
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


GROUP_LABEL = _("Event organisers")
