"""The programme and network report in the admin: choose a network (a programme's phases, or
everything tied to it) or an organisation, and a year if you like; read the figures over the
events you may report on, and the sentence for funders in both languages. Anyone who may report
on no event at all finds nothing here (404).

The same report downloads as a PDF or a workbook from the same address's parameters; each
download is written to the chosen network's or organisation's history in the directory."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events import audit
from events.attendance.models import AttendancePlan
from events.models import EventPartner
from events.permissions import reports_policy
from events.registrations.staff.base import in_admin_language
from network import audit as directory_audit
from network.models import Network, Organisation

from .services import documents, programme_documents
from .services.programme import ORGANISING, programme_report, scope
from .views import ReportersOnly, attachment


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

    def clean_of(self):
        """``(network, organisation)``: the one chosen, the other ``None``. A record gone since
        the list was drawn is refused as any choice not on the list."""
        value = self.cleaned_data["of"]
        kind, _dash, pk = value.partition("-")
        model = Network if kind == "network" else Organisation
        found = model.objects.filter(pk=pk).first() if pk.isdigit() else None
        if found is None:
            raise forms.ValidationError(
                self.fields["of"].error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return (found, None) if kind == "network" else (None, found)

    def chosen(self):
        return self.cleaned_data["of"]


class ProgrammeScopeMixin(ReportersOnly):
    """The scope chosen in the address's parameters (``of``, ``year``) and its report."""

    @cached_property
    def form(self):
        data = self.request.GET if "of" in self.request.GET else None
        return ScopeForm(data, user=self.request.user)

    @cached_property
    def scoped(self):
        """The report's parts, ``{report, chosen, year, shown}``, or ``None`` until a scope is
        chosen that the user may read."""
        if not self.form.is_bound or not self.form.is_valid():
            return None
        network, organisation = self.form.chosen()
        year = self.form.cleaned_data["year"]
        events = scope(self.request.user, network, organisation, year)
        return {
            "report": programme_report(events, network),
            "chosen": network or organisation,
            "year": year,
            "shown": in_admin_language(events),
        }


class ProgrammeReportView(ProgrammeScopeMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reporting/programme_report.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Programme and network report")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.scoped is None:
            context.update(documents.document_context([]))
        else:
            context.update(programme_documents.programme_context(**self.scoped))
            context["query"] = self.request.GET.urlencode()
        context["form"] = self.form
        return context


class ProgrammeDownloadView(ProgrammeScopeMixin, View):
    file_format = ""

    def get(self, request, *args, **kwargs):
        if self.scoped is None:
            messages.error(
                request,
                _(
                    "Choose a network or an organisation from the list, and a year between 2000 and 2100 if you like, "
                    "then download the report."
                ),
            )
            page = reverse("reporting_admin:programme")
            return redirect(f"{page}?{request.GET.urlencode()}" if "of" in request.GET else page)
        content, content_type = programme_documents.render(**self.scoped, file_format=self.file_format)
        chosen, year = self.scoped["chosen"], self.scoped["year"]
        directory_audit.record(
            chosen,
            audit.REPORT,
            request.user,
            format=self.file_format,
            report="programme",
            year=year,
            events=[row.event.pk for row in self.scoped["report"].events],
        )
        return attachment(content, content_type, programme_documents.file_name(chosen, year, self.file_format))
