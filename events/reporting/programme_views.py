"""The programme and network report in the admin: choose a network (a programme's phases, or
everything tied to it) or an organisation, and a year if you like; read the figures over the
events you may report on, and the sentence for funders in both languages. Anyone who may report
on no event at all finds nothing here (404)."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.text import is_arabic
from events.attendance.models import AttendancePlan
from events.models import EventPartner
from events.permissions import reports_policy
from events.registrations.staff.base import in_admin_language
from network.models import Network, Organisation

from .services import charts
from .services.programme import ORGANISING, programme_report, scope
from .views import ReportersOnly


class ScopeForm(forms.Form):
    of = forms.ChoiceField(label=gettext_lazy("Events of"))
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        events = reports_policy.events_for_user(user).values("pk")
        networks = Network.objects.filter(
            pk__in=AttendancePlan.objects.filter(event__in=events).values("networks")
        ).in_display_order()
        organisations = Organisation.objects.filter(
            pk__in=EventPartner.objects.filter(page__in=events, role__in=ORGANISING).values("organisation")
        ).in_display_order()
        self.fields["of"].choices = [
            ("", _("Choose a network or an organisation")),
            (_("Networks (a programme's phases)"), [(f"network-{n.pk}", n.display_name) for n in networks]),
            (
                _("Organisations (the events they organised)"),
                [(f"organisation-{o.pk}", o.display_name) for o in organisations],
            ),
        ]

    def chosen(self):
        """``(network, organisation)``: the one chosen, the other ``None``."""
        kind, _dash, pk = self.cleaned_data["of"].partition("-")
        model = Network if kind == "network" else Organisation
        found = model.objects.get(pk=int(pk))
        return (found, None) if kind == "network" else (None, found)


class ProgrammeReportView(ReportersOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/programme_report.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Programme and network report")

    @cached_property
    def form(self):
        data = self.request.GET if "of" in self.request.GET else None
        return ScopeForm(data, user=self.request.user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"form": self.form, "direction": "rtl" if is_arabic() else "ltr"})
        if not self.form.is_bound or not self.form.is_valid():
            return context
        network, organisation = self.form.chosen()
        events = scope(self.request.user, network, organisation, self.form.cleaned_data["year"])
        report = programme_report(events, network)
        titles = [shown.title for shown in in_admin_language(events)]
        other = "en" if is_arabic() else "ar"
        context.update(
            {
                "report": report,
                "chosen": network or organisation,
                "rows": list(zip(report.events, titles, strict=True)),
                "sentences": [report.sentence("ar" if is_arabic() else "en"), report.sentence(other)],
                "other_language": other,
                "sections": [(b, charts.bar_chart(b)) for b in report.breakdowns if b.rows],
            }
        )
        return context
