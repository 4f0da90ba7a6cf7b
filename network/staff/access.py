"""Which directory records an admin user may see in the choosers.

Directory staff (superusers, and those who may change the model's records) see every record.
Anyone else choosing a person or an organisation in the admin (an event organiser filling a
programme) sees the public records, and the records other apps vouch for through the
``directory_records_for_user`` hook: for example the people of the events the organiser
manages. A person without a public profile is not listed to organisers of other events.
"""

from django.db.models import Q
from wagtail import hooks

from network.models import Network, Organisation, Person

HOOK = "directory_records_for_user"
PUBLIC = {Person: Q(public_profile=True), Organisation: Q(is_public=True), Network: Q(is_public=True)}


def is_directory_staff(user, model):
    meta = model._meta
    return bool(user.is_active and (user.is_superuser or user.has_perm(f"{meta.app_label}.change_{meta.model_name}")))


def choosable(user, model):
    """The ``model`` records ``user`` may see and pick in an admin chooser."""
    records = model.objects.all()
    if is_directory_staff(user, model):
        return records
    visible = PUBLIC[model]
    for vouch in hooks.get_hooks(HOOK):
        extra = vouch(user, model)
        if extra is not None:
            visible |= Q(pk__in=extra)
    return records.filter(visible)
