"""Organisers' views. Each action calls the registration services; nothing here changes a
registration by itself."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.telepath import JSContext
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from events.permissions import can_manage_event, can_manage_registrations, manageable_events
from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings, RegistrationStatus
from events.registrations.services.calendar import localized_events
from events.registrations.services.people import StaffDetails
from events.registrations.services.questions import readable_answers

from .forms import SETTINGS_PANEL, ActionForm, AddRegistrationForm, BulkActionForm, FilterForm

PER_PAGE = 100


def event_or_404(request, event_id):
    from events.models import EventPage

    page = EventPage.objects.filter(pk=event_id).first()
    if page is None:
        raise Http404
    event = page.canonical
    if not can_manage_event(request.user, event):
        raise Http404
    return event


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_registrations(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def index_crumb(self):
        return {"url": reverse("registrations_admin:index"), "label": gettext_lazy("Registrations")}


class EventStaffView(StaffView):
    @cached_property
    def event(self):
        return event_or_404(self.request, self.kwargs["event_id"])

    @cached_property
    def registration_settings(self):
        return RegistrationSettings.objects.filter(event=self.event).first()

    @cached_property
    def shown_event(self):
        """The event in the admin user's language where it is translated: its title heads
        the page and the breadcrumb."""
        return in_admin_language([self.event])[0]

    def event_url(self):
        return reverse("registrations_admin:event", args=[self.event.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": self.event_url(), "label": self.shown_event.title},
            *self.extra_crumbs(),
        ]

    def extra_crumbs(self):
        return []

    def get_page_title(self):
        return self.shown_event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["shown_event"] = self.shown_event
        return context


def in_admin_language(events):
    """``events`` (canonical pages) in the admin user's language where a translation exists."""
    return localized_events(events, (get_language() or "ar").split("-")[0], live_only=False)


class IndexView(StaffView):
    """Every event the organiser may manage, with its live counts."""

    template_name = "registrations/staff/index.html"
    page_title = gettext_lazy("Registrations")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_crumb()]

    def get_context_data(self, **kwargs):
        from events.models import EventPage

        context = super().get_context_data(**kwargs)
        events = manageable_events(
            self.request.user, EventPage.objects.filter(locale=Locale.get_default()).order_by("-start")
        )
        page = Paginator(events, 50).get_page(self.request.GET.get("p"))
        ids = [event.pk for event in page]
        settings = {s.event_id: s for s in RegistrationSettings.objects.filter(event_id__in=ids)}
        counts = services.counts_by_event(ids)
        now = timezone.now()
        rows = []
        for event, shown in zip(page, in_admin_language(list(page)), strict=True):
            event_settings = settings.get(event.pk)
            if event_settings is not None:
                event_settings.event = event
            rows.append(
                {
                    "event": event,
                    "title": shown.title,
                    "is_past": event.end < now,
                    "settings": event_settings,
                    "counts": counts[event.pk],
                    "window": event_settings.window_state(now) if event_settings else "",
                }
            )
        context.update({"rows": rows, "page_obj": page})
        return context


class EventRegistrationsView(EventStaffView):
    """One event's registrations: counts, search, status filter, bulk actions."""

    template_name = "registrations/staff/event.html"

    def registrations(self):
        queryset = (
            Registration.objects.filter(event=self.event)
            .select_related("person", "person__user")
            .with_waitlist_position()
            .order_by("-created_at", "-pk")
        )
        form = FilterForm(self.request.GET or None)
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            if query:
                # A registration awaiting its participant's acceptance is found only by what
                # staff entered, never by the directory's record behind it.
                directory = (
                    Q(person__name__icontains=query)
                    | Q(person__name_ar__icontains=query)
                    | Q(person__email__icontains=query)
                    | Q(person__user__email__icontains=query)
                )
                entered = (
                    Q(entered_name__icontains=query)
                    | Q(entered_name_ar__icontains=query)
                    | Q(entered_email__icontains=query)
                )
                queryset = queryset.filter(
                    (Q(awaiting_acceptance=False) & directory)
                    | (Q(awaiting_acceptance=True) & entered)
                    | Q(reference__iexact=query.replace("-", "").upper())
                )
            if form.cleaned_data["status"]:
                queryset = queryset.filter(status=form.cleaned_data["status"])
        return form, queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form, queryset = self.registrations()
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        for registration in page:
            registration.shown = StaffDetails(registration)
        context.update(
            {
                "event": self.event,
                "registration_settings": self.registration_settings,
                "counts": services.Counts.for_event(self.event.pk),
                "filter_form": filter_form,
                "bulk_form": kwargs.get("bulk_form") or BulkActionForm(),
                "page_obj": page,
                "statuses": RegistrationStatus.choices,
                "counts_url": reverse("registrations_admin:counts", args=[self.event.pk]),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        ids = Registration.objects.filter(event=self.event).values_list("pk", flat=True)
        form = BulkActionForm(request.POST, registration_ids=list(ids))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.event_url())
        run_bulk_action(request, form.cleaned_data)
        return redirect(request.get_full_path())


def apply_action(registration, action, *, by, override_capacity=False):
    """One organiser's action on one registration, through its service."""
    if action == "approve":
        return services.approve(registration, by=by, override_capacity=override_capacity)
    if action == "decline":
        return services.decline(registration, by=by)
    if action == "cancel":
        return services.cancel(registration, by=by)
    if action == "promote":
        return services.promote(registration, by=by, override_capacity=override_capacity)
    return services.resend_confirmation(registration)


def run_bulk_action(request, data):
    action, override = data["action"], data["override_capacity"]
    done, refused = 0, []
    for registration in Registration.objects.filter(pk__in=data["ids"]).select_related("person").order_by("pk"):
        try:
            apply_action(registration, action, by=request.user, override_capacity=override)
            done += 1
        except services.RegistrationError as error:
            refused.append(f"{registration.reference} ({StaffDetails(registration)}): {error.message}")
    if done:
        messages.success(
            request,
            ngettext("%(count)s registration updated.", "%(count)s registrations updated.", done) % {"count": done},
        )
    for line in refused:
        messages.error(request, line)


class SettingsView(EventStaffView):
    """The event's registration settings and questions, edited with Wagtail's panels."""

    template_name = "registrations/staff/settings.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Registration settings")}]

    def get_page_subtitle(self):
        return _("Registration settings")

    def instance(self):
        return self.registration_settings or RegistrationSettings(event=self.event)

    def form(self):
        form_class = SETTINGS_PANEL.get_form_class()
        data = self.request.POST if self.request.method == "POST" else None
        return form_class(data, instance=self.instance(), for_user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self.form()
        panel = SETTINGS_PANEL.get_bound_panel(instance=form.instance, request=self.request, form=form)
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
        return AddRegistrationForm(data, initial={"language": "ar"}, approval_required=approval)

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
                    email=data["email"],
                    name=data["name"],
                    name_ar=data["name_ar"],
                    language=data["language"],
                    by=request.user,
                    override_capacity=data["override_capacity"],
                    override_approval=data.get("override_approval", False),
                )
            except services.RegistrationError as error:
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


class RegistrationDetailView(EventStaffView):
    """One registration: the person (only what staff entered while it awaits acceptance),
    the answers, the history, and the same actions as the list's bulk menu."""

    template_name = "registrations/staff/detail.html"

    @cached_property
    def registration(self):
        registration = (
            Registration.objects.filter(event=self.event, pk=self.kwargs["pk"])
            .select_related("person", "person__user")
            .first()
        )
        if registration is None:
            raise Http404
        return registration

    def extra_crumbs(self):
        return [{"url": "", "label": self.registration.reference}]

    def get_page_subtitle(self):
        return str(StaffDetails(self.registration))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        shown = StaffDetails(registration)
        questions = list(self.registration_settings.questions.all()) if self.registration_settings else []
        answers = readable_answers(questions, registration.answers) if not shown.hidden else []
        context.update(
            {
                "registration": registration,
                "shown": shown,
                "answers": answers,
                "history": registration.history.select_related("by"),
                "position": registration.waitlist_position(),
                "actions": available_actions(registration),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        """Runs one action (approve, decline, cancel, promote, resend) on this registration."""
        form = ActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an action."))
            return redirect(request.path)
        action = form.cleaned_data["action"]
        try:
            apply_action(
                self.registration, action, by=request.user, override_capacity=form.cleaned_data["override_capacity"]
            )
        except services.RegistrationError as error:
            messages.error(request, str(error.message))
        else:
            if action == "resend":
                email = StaffDetails(self.registration).email
                messages.success(request, _("The confirmation was sent again to %(email)s.") % {"email": email})
            else:
                messages.success(request, str(ACTION_DONE[action]))
        return redirect(request.path)


def available_actions(registration):
    """The actions that make sense for the registration's status (the services check again)."""
    S = RegistrationStatus
    return {
        "approve": registration.status == S.PENDING,
        "promote": registration.status in (S.WAITLISTED, S.PENDING),
        "decline": registration.is_active,
        "cancel": registration.is_active,
        "resend": registration.status == S.CONFIRMED,
    }


def counts(request, event_id):
    """The live numbers the event's registrations page refreshes."""
    if not can_manage_registrations(request.user):
        raise Http404
    event = event_or_404(request, event_id)
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
