from allauth.account.signals import email_confirmed
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def on_email_confirmed(sender, request, email_address, **kwargs):
    """A verified address links the account to its Person in the directory."""
    from network.people import link_person  # needs the models, which are ready only now

    link_person(email_address.user, email_address.email)


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        email_confirmed.connect(on_email_confirmed, dispatch_uid="network-link-person")
