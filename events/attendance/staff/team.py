"""An event's desk team, for its organisers: the people who may check participants in at its
desk (on their own phone, without access to the admin), added by the email address of their
account and removed again.

Adding answers the same whether or not the address belongs to an account, so the form tells
no one who has an account on the site."""

from allauth.account.models import EmailAddress
from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import EventRole, EventTeamMember

from .overview import AttendanceStaffView


def account_for_email(email):
    """The active account whose verified address is ``email``, or ``None``."""
    address = (
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__is_active=True)
        .select_related("user")
        .order_by("-primary", "pk")
        .first()
    )
    return address.user if address else None


def add_desk_member(event, email, *, by=None):
    """Gives the account with ``email`` the desk of ``event`` (the canonical page); does
    nothing when there is no such account or it is already on the desk."""
    user = account_for_email(email)
    if user is None:
        return
    try:
        with transaction.atomic():
            EventTeamMember.objects.get_or_create(
                event=event, user=user, role=EventRole.DESK, defaults={"added_by": by}
            )
    except IntegrityError:
        pass  # added by another organiser at the same moment: the row is there


def remove_desk_member(event, member_id):
    """Takes someone off the desk of ``event``; ``False`` when they were not on it."""
    deleted, _rows = EventTeamMember.objects.filter(pk=member_id, event=event, role=EventRole.DESK).delete()
    return bool(deleted)


class DeskMemberForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of their account"),
        max_length=254,
        help_text=gettext_lazy("They sign up on the site first, with this address, and confirm it."),
    )


class TeamView(AttendanceStaffView):
    template_name = "attendance/staff/team.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Desk staff")}]

    def get_page_subtitle(self):
        return _("Desk staff")

    def desk_links(self):
        links = []
        for code, name in (("ar", "العربية"), ("en", "English")):
            with translation.override(code):
                links.append({"name": name, "url": self.request.build_absolute_uri(self.desk_path())})
        return links

    def desk_path(self):
        return reverse("attendance:desk", args=[self.event.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = EventTeamMember.objects.filter(event=self.event, role=EventRole.DESK)
        context.update(
            {
                "form": kwargs.get("form") or DeskMemberForm(),
                "members": members.select_related("user", "added_by").order_by("added_at", "pk"),
                "desk_links": self.desk_links(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("remove"):
            return self.remove(request.POST["remove"])
        form = DeskMemberForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        email = form.cleaned_data["email"]
        add_desk_member(self.event, email, by=request.user)
        messages.success(
            request,
            _(
                "If %(email)s is the confirmed address of an account on this site, its owner can now check "
                "people in at this event's desk."
            )
            % {"email": email},
        )
        return redirect(request.path)

    def remove(self, member_id):
        removed = member_id.isdigit() and remove_desk_member(self.event, int(member_id))
        if removed:
            messages.success(self.request, _("Removed from this event's desk."))
        else:
            messages.error(self.request, _("This person is not on this event's desk."))
        return redirect(self.request.path)
