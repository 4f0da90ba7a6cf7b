"""The organisers' screens around an event's list: its registration settings, adding someone by
hand, one registration's page with its actions, and the live counts. Each action calls the
registration services; nothing here changes a registration by itself."""

from types import SimpleNamespace

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.telepath import JSContext
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.errors import DomainError, report
from events import audit
from events.permissions import reports_policy
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings
from events.registrations.services.answers import change_answers, changed_message
from events.registrations.services.people import StaffDetails
from events.registrations.services.questions import answers_form, changed_questions, readable_answers, registration_form
from network.models import Person

from .actions import apply_action, available_actions
from .base import EventMixin, OrganisersOnly, event_or_404
from .forms import SETTINGS_PANEL, ActionForm, AddRegistrationForm, ReasonForm, ReplacementForm


class EventStaffView(EventMixin, OrganisersOnly, WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.event_crumbs(), *self.extra_crumbs()]

    def extra_crumbs(self):
        return []

    def get_page_title(self):
        return self.shown_event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["shown_event"] = self.shown_event
        return context


class PanelFormView(EventStaffView):
    """A screen that edits one record of the event with Wagtail's panels (``panel``, bound to
    the record's model): the record ``instance()`` or a new one."""

    panel = None

    def instance(self):
        raise NotImplementedError

    def form(self):
        form_class = self.panel.get_form_class()
        data = self.request.POST if self.request.method == "POST" else None
        return form_class(data, instance=self.instance(), for_user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.form()
        panel = self.panel.get_bound_panel(instance=form.instance, request=self.request, form=form)
        js_context = JSContext()
        edit_handler_data = js_context.pack(panel)
        context.update(
            {
                "form": form,
                "panel": panel,
                "media": form.media + panel.media + js_context.media,
                "edit_handler_data": edit_handler_data,
                "action_url": self.request.path,
                "submit_button_label": _("Save"),
                "submit_button_active_label": _("Saving…"),
            }
        )
        return context


class SettingsView(PanelFormView):
    """The event's registration settings and questions, edited with Wagtail's panels."""

    template_name = "registrations/staff/settings.html"
    panel = SETTINGS_PANEL

    def extra_crumbs(self):
        return [{"url": "", "label": _("Registration settings")}]

    def get_page_subtitle(self):
        return _("Registration settings")

    def instance(self):
        return self.registration_settings or RegistrationSettings(event=self.event)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration_settings"] = self.registration_settings  # the preview's links, once saved
        return context

    def post(self, request, *args, **kwargs):
        form = self.form()
        if not form.is_valid():
            messages.error(request, _("The settings could not be saved. Please correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        settings = form.save()
        promoted = services.settings_changed(settings, by=request.user)
        messages.success(request, _("Registration settings saved."))
        if promoted:
            messages.success(
                request,
                ngettext(
                    "%(count)s person moved from the waiting list to a free seat.",
                    "%(count)s people moved from the waiting list to free seats.",
                    len(promoted),
                )
                % {"count": len(promoted)},
            )
        return redirect(self.event_url())


class AddRegistrationView(EventStaffView):
    """Registering someone by hand (a guest, a delegation member): outside the registration
    window if need be, but beyond the capacity or without approval only when the organiser
    says so. The answer says nothing about who the email belongs to."""

    template_name = "registrations/staff/add.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Add a registration")}]

    def get_page_subtitle(self):
        return _("Add a registration")

    def form(self, data=None):
        settings = self.registration_settings
        approval = bool(settings and settings.approval_required)
        questions = list(settings.questions.all()) if settings else []
        return AddRegistrationForm(data, initial={"language": "ar"}, approval_required=approval, questions=questions)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or self.form()
        context["registration_settings"] = self.registration_settings
        return context

    def post(self, request, *args, **kwargs):
        if self.registration_settings is None:
            raise Http404
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.add_by_staff(
                    self.event,
                    **form.person(),
                    by=request.user,
                    override_capacity=data["override_capacity"],
                    override_approval=data.get("override_approval", False),
                    answers=form.answers(),
                )
            except DomainError as error:
                if error.code == "already_registered":
                    form.add_error(None, _("This person is already registered for this event."))
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(request, added_message(registration))
                return redirect(self.event_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def added_message(registration):
    values = {"person": StaffDetails(registration), "status": registration.get_status_display()}
    if registration.awaiting_acceptance:
        return _("%(person)s added: %(status)s, until they accept it in “My events”.") % values
    return _("%(person)s added: %(status)s.") % values


ACTION_DONE = {
    "approve": gettext_lazy("Registration approved."),
    "decline": gettext_lazy("Registration declined."),
    "cancel": gettext_lazy("Registration cancelled."),
    "promote": gettext_lazy("Registration confirmed."),
}


class RegistrationView(EventStaffView):
    """A screen of one registration of the event, named by ``pk`` in its address."""

    @cached_property
    def registration(self):
        registration = (
            Registration.objects.filter(event=self.event, pk=self.kwargs["pk"])
            .select_related("person", "person__user", "replaces", "replaced_by")
            .first()
        )
        if registration is None:
            raise Http404
        return registration

    def detail_url(self):
        return reverse("registrations_admin:detail", args=[self.event.pk, self.registration.pk])

    def get_page_subtitle(self):
        return str(StaffDetails(self.registration))

    def no_longer_active(self):
        messages.error(self.request, _("This registration is no longer active."))
        return redirect(self.detail_url())


DETAIL_HOOK = "registration_staff_detail_context"


class RegistrationDetailView(RegistrationView):
    """One registration: the person (only what staff entered while it awaits acceptance),
    the answers, the history, the same actions as the list's bulk menu, and what other apps
    add through the ``registration_staff_detail_context`` hook (attendance, certificate). Opening it is
    written to the event's audit log (once in ten minutes per reader and person)."""

    template_name = "registrations/staff/detail.html"

    def get(self, request, *args, **kwargs):
        audit.viewed(request.user, self.registration)
        return super().get(request, *args, **kwargs)

    def extra_crumbs(self):
        return [{"url": "", "label": self.registration.reference}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        shown = StaffDetails(registration)
        questions = list(self.registration_settings.questions.all()) if self.registration_settings else []
        # Shown while it awaits acceptance too: until then only staff can have given them.
        answers = readable_answers(questions, registration.answers)
        context.update(
            {
                "registration": registration,
                "shown": shown,
                "answers": answers,
                "can_change_answers": bool(questions),
                "history": history(registration, questions),
                "position": registration.waitlist_position(),
                "language_name": language_name(registration),
                "actions": available_actions(registration),
                "replaces": registration.replaces,
                "replaced_by": getattr(registration, "replaced_by", None),
            }
        )
        # Other apps add what they know of the registration (attendance: the person's
        # check-ins and certificate), so this app never imports them.
        for hook in hooks.get_hooks(DETAIL_HOOK):
            context.update(hook(registration, self.shown_event))
        return context

    def post(self, request, *args, **kwargs):
        """Runs one action (approve, promote, resend) on this registration; declining and
        cancelling go through their confirmation page (``EndRegistrationView``)."""
        form = ActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an action."))
            return redirect(request.path)
        action = form.cleaned_data["action"]
        try:
            apply_action(
                self.registration, action, by=request.user, override_capacity=form.cleaned_data["override_capacity"]
            )
        except DomainError as error:
            report(request, error)
        else:
            if action == "resend":
                email = StaffDetails(self.registration).email
                messages.success(request, _("The confirmation was sent again to %(email)s.") % {"email": email})
            else:
                messages.success(request, str(ACTION_DONE[action]))
        return redirect(request.path)


def history(registration, questions):
    """The registration's status changes and changes of its answers, in one list by time; a
    change of answers carries the questions it changed (``changed_questions``), named."""
    changes = list(registration.answer_changes.select_related("by"))
    for change in changes:
        change.changed_questions = changed_questions(questions, change.questions)
    return sorted([*registration.history.select_related("by"), *changes], key=lambda change: change.at)


class ChangeAnswersView(RegistrationView):
    """The organisers change a registration's answers, of any status, with the fields of
    adding someone by hand (none required; no consent, which only the person gives)."""

    template_name = "registrations/staff/answers.html"

    def extra_crumbs(self):
        return [
            {"url": self.detail_url(), "label": self.registration.reference},
            {"url": "", "label": _("Change answers")},
        ]

    def get_page_title(self):
        return _("Change answers")

    @cached_property
    def questions(self):
        settings = self.registration_settings
        return list(settings.questions.all()) if settings else []

    def form(self, data=None):
        return answers_form(self.registration_settings, self.questions, self.registration.answers, data, staff=True)

    def no_questions(self):
        messages.error(self.request, _("This event asks no questions."))
        return redirect(self.detail_url())

    def get(self, request, *args, **kwargs):
        if not self.questions:
            return self.no_questions()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "registration": self.registration,
                "shown": StaffDetails(self.registration),
                "form": kwargs.get("form") or self.form(),
                "detail_url": self.detail_url(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.questions:
            return self.no_questions()
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            changed = change_answers(
                self.registration,
                form.answers(),
                questions=self.questions,
                by=request.user,
                as_participant=False,
                language=get_language(),
            )
        except DomainError as error:
            report(request, error)
        else:
            (messages.success if changed else messages.info)(request, str(changed_message(changed)))
        return redirect(self.detail_url())


# A registration's language (its emails' and pages'), named in the admin's language.
LANGUAGE_NAMES = {"ar": gettext_lazy("Arabic"), "en": gettext_lazy("English")}


def language_name(registration):
    return LANGUAGE_NAMES.get(registration.language, registration.get_language_display())


ENDING_TITLES = {
    "decline": gettext_lazy("Decline the registration?"),
    "cancel": gettext_lazy("Cancel the registration?"),
}


class EndRegistrationView(RegistrationView):
    """Declining or cancelling one registration, after a confirmation: the page names the
    person and the event, says what follows, and takes an optional reason for the participant.
    Going back changes nothing."""

    template_name = "registrations/staff/end.html"
    action = "decline"

    def get(self, request, *args, **kwargs):
        if not self.registration.is_active:
            return self.no_longer_active()
        return super().get(request, *args, **kwargs)

    def extra_crumbs(self):
        return [{"url": self.detail_url(), "label": self.registration.reference}, {"url": "", "label": self.title}]

    @property
    def title(self):
        return ENDING_TITLES[self.action]

    def get_page_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        next_in_line = services.seat_goes_to(registration)
        context.update(
            {
                "action": self.action,
                "title": self.title,
                "registration": registration,
                "shown": StaffDetails(registration),
                "next_in_line": StaffDetails(next_in_line) if next_in_line else None,
                "email_language": language_name(registration),
                "form": kwargs.get("form") or ReasonForm(),
                "detail_url": self.detail_url(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                apply_action(self.registration, self.action, by=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                if error.code != "reason_too_long":
                    report(request, error)
                    return redirect(self.detail_url())
                form.add_error("reason", error.message)
            else:
                messages.success(request, str(ACTION_DONE[self.action]))
                return redirect(self.detail_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


REPLACE_TITLE = gettext_lazy("Give the place to someone else")


class ReplaceRegistrationView(RegistrationView):
    """Giving one active registration's place to someone else (the colleague an organisation
    sends instead), after a confirmation: the page says what follows for both people and
    takes who comes and an optional reason for the one who leaves. Going back changes nothing."""

    template_name = "registrations/staff/replace.html"

    def get(self, request, *args, **kwargs):
        if not self.registration.is_active:
            return self.no_longer_active()
        return super().get(request, *args, **kwargs)

    def extra_crumbs(self):
        return [{"url": self.detail_url(), "label": self.registration.reference}, {"url": "", "label": REPLACE_TITLE}]

    def get_page_title(self):
        return REPLACE_TITLE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        context.update(
            {
                "title": REPLACE_TITLE,
                "registration": registration,
                "shown": StaffDetails(registration),
                "position": registration.waitlist_position(),
                "email_language": language_name(registration),
                "form": kwargs.get("form") or ReplacementForm(initial={"language": registration.language}),
                "detail_url": self.detail_url(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReplacementForm(request.POST)
        if form.is_valid():
            try:
                replacement = services.replace(
                    self.registration, **form.person(), by=request.user, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                if error.code == "not_active":
                    return self.no_longer_active()
                form.add_error(REPLACE_ERROR_FIELDS.get(error.code), error.message)
            else:
                messages.success(request, replaced_message(self.registration, replacement))
                return redirect("registrations_admin:detail", self.event.pk, replacement.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


# The refusals of ``services.replace`` that belong to one field of its form.
REPLACE_ERROR_FIELDS = {"invalid_email": "email", "reason_too_long": "reason"}


def replaced_message(registration, replacement):
    values = {
        "person": StaffDetails(replacement),
        "previous": StaffDetails(registration),
        "status": replacement.get_status_display(),
    }
    if replacement.awaiting_acceptance:
        return (
            _("%(person)s takes the place of %(previous)s: %(status)s, until they accept it in “My events”.") % values
        )
    return _("%(person)s takes the place of %(previous)s: %(status)s.") % values


def form_preview(request, event_id):
    """The registration form as participants see it, in the page's language, for the event's
    organisers only (anyone else: not found): whatever the registration window, the seats or
    an invitation say, with the questions as they are now and their conditions working. It
    sends nothing: its button is gone, and the page says so."""
    event = event_or_404(request, event_id)
    settings = RegistrationSettings.objects.filter(event=event).first()
    if settings is None:
        raise Http404
    language = (get_language() or "ar").split("-")[0]
    shown = event.localized_for(language) or event
    form = registration_form(settings, list(settings.questions.all()), Person())
    context = {
        "event": shown,
        "page": shown,
        "form": form,
        "availability": SimpleNamespace(state="open", settings=settings),
        "preview": True,
        "settings_url": reverse("registrations_admin:settings", args=[event.pk]),
    }
    return render(request, "registrations/register.html", context)


def counts(request, event_id):
    """The live numbers the event's registrations page refreshes (for its reporters too)."""
    if not reports_policy.user_has_permission(request.user):
        raise Http404
    event = event_or_404(request, event_id, reports_policy)
    numbers = services.Counts.for_event(event.pk)
    settings = RegistrationSettings.objects.filter(event=event).first()
    return JsonResponse(
        {
            "confirmed": numbers.confirmed,
            "waitlisted": numbers.waitlisted,
            "pending": numbers.pending,
            "capacity": settings.capacity if settings else None,
        }
    )
