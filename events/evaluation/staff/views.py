"""The organisers' evaluation screens of one event, in the Wagtail admin: the results (for its
organisers and reporters: they may hold what participants typed), the form's set-up and the
invitations (organisers only), and the responses as a workbook. Each calls a service and turns
its refusal into a message."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList

from core.errors import DomainError, report
from events import audit
from events.evaluation.models import EvaluationForm
from events.evaluation.services.eligibility import form_for
from events.evaluation.services.invitations import invite, not_yet_invited
from events.evaluation.services.results import response_sheets, results
from events.permissions import can_manage_event, registrations_policy, reports_policy
from events.registrations.staff.base import EventMixin, OrganisersOnly
from events.registrations.staff.forms import ConditionsForm
from events.registrations.staff.views import EventStaffView, PanelFormView
from events.reporting.services import charts, documents
from events.reporting.views import attachment

SETUP_PANEL = ObjectList(
    [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])], heading=gettext_lazy("When it is open")
        ),
        InlinePanel("questions", heading=gettext_lazy("Questions"), label=gettext_lazy("Question"), min_num=1),
    ],
    base_form_class=ConditionsForm,
).bind_to_model(EvaluationForm)


def results_url(event):
    return reverse("evaluation_admin:results", args=[event.pk])


class EvaluationStaffView(EventStaffView):
    header_icon = "form"

    def extra_crumbs(self):
        return [{"url": results_url(self.event), "label": _("Evaluation")}, *self.more_crumbs()]

    def more_crumbs(self):
        return []

    @cached_property
    def evaluation(self):
        return form_for(self.event)


class ResultsView(EvaluationStaffView):
    template_name = "evaluation/staff/results.html"
    policy = reports_policy

    def get_page_subtitle(self):
        return _("Evaluation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.evaluation
        context["evaluation"] = form
        context["may_edit"] = can_manage_event(self.request.user, self.event)
        if form is None:
            return context
        found = results(form)
        for result in found.questions:
            result.chart = charts.bar_chart(result.breakdown) if result.breakdown and result.answered else ""
        context.update(
            {
                "results": found,
                "window": form.window_state(),
                "to_invite": not_yet_invited(form).count() if context["may_edit"] else 0,
            }
        )
        return context


class SetupView(PanelFormView, EvaluationStaffView):
    """The form's questions and window, edited with Wagtail's panels as the registration
    questions are."""

    template_name = "evaluation/staff/setup.html"
    policy = registrations_policy
    panel = SETUP_PANEL

    def more_crumbs(self):
        return [{"url": "", "label": _("Set up the evaluation")}]

    def get_page_subtitle(self):
        return _("Set up the evaluation")

    def instance(self):
        return self.evaluation or EvaluationForm(event=self.event)

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            messages.error(request, _("The evaluation could not be saved. Please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.instance.event = self.event
        # The questions change together: a participant answering meanwhile reads them (in one
        # query) as they were or as they are now, never halfway (services/answering.py).
        with transaction.atomic():
            form.save()
        messages.success(request, _("Evaluation saved."))
        return redirect(results_url(self.event))


class InviteView(EventMixin, OrganisersOnly, View):
    """ "Invite the participants": emails those who may answer and were not invited yet."""

    policy = registrations_policy

    def post(self, request, *args, **kwargs):
        form = form_for(self.event)
        if form is None:
            messages.error(request, _("This event has no evaluation form yet."))
            return redirect(results_url(self.event))
        try:
            count = invite(form, by=request.user)
        except DomainError as error:
            report(request, error)
        else:
            if count:
                message = ngettext(
                    "%(count)s participant was invited to evaluate the event.",
                    "%(count)s participants were invited to evaluate the event.",
                    count,
                )
                messages.success(request, message % {"count": count})
            else:
                messages.info(request, _("Everyone who may answer was already invited or has answered."))
        return redirect(results_url(self.event))


class DownloadView(EventMixin, OrganisersOnly, View):
    """The responses as a workbook, in the admin's language; written to the event's audit trail."""

    policy = reports_policy

    def get(self, request, *args, **kwargs):
        form = form_for(self.event)
        if form is None:
            messages.error(request, _("This event has no evaluation form yet."))
            return redirect(results_url(self.event))
        content, content_type = documents.workbook(response_sheets(form))
        audit.record(self.event, audit.REPORT, request.user, format="xlsx", report="evaluation")
        name = documents.dated_name(["evaluation", slugify(self.event.slug) or self.event.pk], "xlsx")
        return attachment(content, content_type, name)
