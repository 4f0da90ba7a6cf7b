from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from core import pagecache  # its receivers name the models, which are ready only now
        from home import second_factor  # models it reads are ready only now

        authenticator_added.connect(second_factor.count_new_factor, dispatch_uid="second_factor_added")
        user_logged_in.connect(second_factor.count_admin_sign_in, dispatch_uid="second_factor_admin_sign_in")
        pagecache.connect()
