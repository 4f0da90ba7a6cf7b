"""The organisers' attendance overview of one event: attendance by slot (counts and rates),
no-shows, who is eligible for a certificate, certificates issued and revoked; and the event's
attendance plan (per day or per session, online minimum, completion rule, networks)."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.attendance.figures import slot_rows
from events.attendance.models import AttendancePlan, Certificate
from events.attendance.services.completion import progress_of, rule_text
from events.attendance.slots import plan_for, slots_for
from events.registrations.staff.views import EventStaffView
from network.models import Network


def attendance_url(event):
    return reverse("attendance_admin:overview", args=[event.pk])


class AttendanceStaffView(EventStaffView):
    """A screen of one event's attendance, for its organisers."""

    def extra_crumbs(self):
        return [{"url": attendance_url(self.event), "label": _("Attendance")}, *self.more_crumbs()]

    def more_crumbs(self):
        return []


class OverviewView(AttendanceStaffView):
    template_name = "attendance/staff/overview.html"

    def get_page_subtitle(self):
        return _("Attendance")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        plan = plan_for(event)
        slots = slots_for(self.shown_event, plan)
        progress = progress_of(event)
        confirmed = len(progress)
        started = [slot for slot in slots if slot.start <= timezone.now()]
        no_shows = sum(1 for p in progress.values() if p.attended == 0) if started else 0
        certificates = Certificate.objects.filter(registration__event_id=event.pk).aggregate(
            issued=Count("pk", filter=Q(revoked_at__isnull=True)),
            revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        )
        context.update(
            {
                "plan": plan,
                "slots": slot_rows(event, slots, confirmed),
                "confirmed": confirmed,
                "no_shows": no_shows,
                "started": bool(started),
                "eligible": sum(1 for p in progress.values() if p.eligible),
                "has_rule": bool(plan.completion_rule and plan.completion_value),
                "rule_text": rule_text(plan),
                "certificates": certificates,
            }
        )
        return context


class PlanForm(forms.ModelForm):
    networks = forms.ModelMultipleChoiceField(
        queryset=Network.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Networks")
    )

    class Meta:
        model = AttendancePlan
        fields = [
            "unit",
            "minimum_minutes",
            "completion_rule",
            "completion_value",
            "signatory",
            "signatory_ar",
            "networks",
            "membership_trigger",
        ]

    def clean(self):
        data = super().clean()
        rule, value = data.get("completion_rule"), data.get("completion_value")
        if rule and not value:
            self.add_error("completion_value", _("Give the threshold of the completion rule."))
        if rule == "percent" and value and value > 100:
            self.add_error("completion_value", _("A share cannot be more than 100 %."))
        return data


class PlanView(AttendanceStaffView):
    template_name = "attendance/staff/plan.html"

    def more_crumbs(self):
        return [{"url": "", "label": _("Attendance plan")}]

    def get_page_subtitle(self):
        return _("Attendance plan")

    def form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return PlanForm(data, instance=plan_for(self.event))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or self.form()
        return context

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            messages.error(request, _("The plan could not be saved. Please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.instance.event = self.event
        form.save()
        messages.success(request, _("Attendance plan saved."))
        return redirect(attendance_url(self.event))
