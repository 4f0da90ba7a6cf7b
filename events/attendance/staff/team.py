"""An event's team, for its organisers: desk staff, who check participants in at its desk (on
their own phone, without access to the admin), and reporters, who read its registrations,
export them and read its reports; added by the email address of their account and removed
again. The rules are events/team.py's."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ids import record_ids
from events.models import EventRole, EventTeamMember
from events.team import add_by_email, remove_member

from .overview import AttendanceStaffView

ADDED = {
    EventRole.DESK: gettext_lazy(
        "If %(email)s is the confirmed address of an account on this site, its owner can now check "
        "people in at this event's desk."
    ),
    EventRole.REPORTER: gettext_lazy(
        "If %(email)s is the confirmed address of an account on this site, its owner can now read this "
        "event's registrations, export them and read its reports in the admin."
    ),
}


class TeamMemberForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of their account"),
        max_length=254,
        help_text=gettext_lazy("They sign up on the site first, with this address, and confirm it."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=EventRole.choices, initial=EventRole.DESK, widget=forms.RadioSelect
    )


class TeamView(AttendanceStaffView):
    template_name = "attendance/staff/team.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Event team")}]

    def get_page_subtitle(self):
        return _("Event team")

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
        members = list(
            EventTeamMember.objects.filter(event=self.event)
            .select_related("user", "added_by")
            .order_by("added_at", "pk")
        )
        context.update(
            {
                "form": kwargs.get("form") or TeamMemberForm(),
                "members": [m for m in members if m.role == EventRole.DESK],
                "reporters": [m for m in members if m.role == EventRole.REPORTER],
                "desk_links": self.desk_links(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("remove"):
            return self.remove(request.POST["remove"])
        form = TeamMemberForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        add_by_email(self.event, email, role, by=request.user)
        messages.success(request, ADDED[role] % {"email": email})
        return redirect(request.path)

    def remove(self, member_id):
        ids = record_ids([member_id])
        if ids and remove_member(self.event, ids[0], by=self.request.user):
            messages.success(self.request, _("Removed from this event's team."))
        else:
            messages.error(self.request, _("This person is not on this event's team."))
        return redirect(self.request.path)
