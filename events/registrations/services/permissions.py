"""Who may see registrations and the personal data in them: superusers, and members of the
"Event organisers" group (the ``manage_registrations`` permission) for the events whose
pages they may edit."""

PERMISSION = "registrations.manage_registrations"


def can_manage_registrations(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(PERMISSION))


def can_manage_event(user, event):
    if not can_manage_registrations(user):
        return False
    if user.is_superuser:
        return True
    return event.permissions_for_user(user).can_edit()


def manageable_events(user, events):
    """The part of the ``events`` queryset ``user`` may manage registrations of."""
    if not can_manage_registrations(user):
        return events.none()
    if user.is_superuser:
        return events
    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
    return events.filter(pk__in=editable.values("pk"))
