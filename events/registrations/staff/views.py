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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.telepath import JSContext
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from events.registrations import services
from events.registrations.models import Registration, RegistrationSettings, RegistrationSource, RegistrationStatus
from events.registrations.services.people import email_of, person_for_staff_entry
from events.registrations.services.permissions import can_manage_event, can_manage_registrations, manageable_events
from events.registrations.services.questions import readable_answers
from events.registrations.views.participant import waitlist_position_expression

from .forms import SETTINGS_PANEL, AddRegistrationForm, BulkActionForm, FilterForm

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

    def event_url(self):
        return reverse("registrations_admin:event", args=[self.event.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            self.index_crumb(),
            {"url": self.event_url(), "label": self.event.title},
            *self.extra_crumbs(),
        ]

    def extra_crumbs(self):
        return []

    def get_page_title(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        return context


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
        for event in page:
            event_settings = settings.get(event.pk)
            if event_settings is not None:
                event_settings.event = event
            rows.append(
                {
                    "event": event,
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
            .annotate(position=waitlist_position_expression())
            .order_by("-created_at", "-pk")
        )
        form = FilterForm(self.request.GET or None)
        if form.is_valid():
            query = form.cleaned_data["q"].strip()
            if query:
                queryset = queryset.filter(
                    Q(person__name__icontains=query)
                    | Q(person__name_ar__icontains=query)
                    | Q(person__email__icontains=query)
                    | Q(person__user__email__icontains=query)
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
            registration.email = email_of(registration.person)
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


def run_bulk_action(request, data):
    action, override = data["action"], data["override_capacity"]
    done, refused = 0, []
    for registration in Registration.objects.filter(pk__in=data["ids"]).select_related("person").order_by("pk"):
        try:
            if action == "approve":
                services.approve(registration, by=request.user, override_capacity=override)
            elif action == "decline":
                services.decline(registration, by=request.user)
            elif action == "cancel":
                services.cancel(registration, by=request.user)
            else:
                services.promote(registration, by=request.user, override_capacity=override)
            done += 1
        except services.RegistrationError as error:
            refused.append(f"{registration.reference} ({registration.person}): {error.message}")
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
    window if need be, but beyond the capacity only when the organiser says so."""

    template_name = "registrations/staff/add.html"

    def extra_crumbs(self):
        return [{"url": "", "label": _("Add a registration")}]

    def get_page_subtitle(self):
        return _("Add a registration")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or AddRegistrationForm(initial={"language": "ar"})
        context["registration_settings"] = self.registration_settings
        return context

    def post(self, request, *args, **kwargs):
        if self.registration_settings is None:
            raise Http404
        form = AddRegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            person = person_for_staff_entry(data["email"], data["name"], data["name_ar"])
            try:
                registration = services.register(
                    self.event,
                    person,
                    language=data["language"],
                    source=RegistrationSource.STAFF,
                    by=request.user,
                    ignore_window=True,
                    override_capacity=data["override_capacity"],
                )
            except services.RegistrationError as error:
                if error.code == "already_registered":
                    form.add_error(None, _("This person is already registered for this event."))
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(person)s added: %(status)s.")
                    % {"person": person, "status": registration.get_status_display()},
                )
                return redirect(self.event_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RegistrationDetailView(EventStaffView):
    template_name = "registrations/staff/detail.html"

    @cached_property
    def registration(self):
        registration = (
            Registration.objects.filter(event=self.event, pk=self.kwargs["pk"]).select_related("person").first()
        )
        if registration is None:
            raise Http404
        return registration

    def extra_crumbs(self):
        return [{"url": "", "label": self.registration.reference}]

    def get_page_subtitle(self):
        return str(self.registration.person)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        questions = list(self.registration_settings.questions.all()) if self.registration_settings else []
        context.update(
            {
                "registration": registration,
                "person": registration.person,
                "email": email_of(registration.person),
                "answers": readable_answers(questions, registration.answers),
                "history": registration.history.select_related("by"),
                "position": registration.waitlist_position(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        """Resends the confirmation email."""
        try:
            services.resend_confirmation(self.registration)
        except services.RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The confirmation was sent again to %(email)s.") % {"email": email_of(self.registration.person)},
            )
        return redirect(request.path)


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
