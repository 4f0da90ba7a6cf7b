"""Writing to an event's participants, and the messages written so far.

The organiser opens "Write to participants" from the event's list (which passes on its filters
and search, as the export does) or from its bulk actions (a ticked selection, or every
registration listed): the compose page says how many will receive the message and in which
language, the preview shows it as a participant of each language will receive it, and only
"Send" changes anything. The audience travels from step to step as the list gave it, and is
read again at each: the service (services/messages.py) decides who receives the message."""

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request

from core.errors import DomainError, report
from events.registrations.models import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH, EventMessage, Registration
from events.registrations.services import messages as service
from events.registrations.services.people import StaffDetails

from .base import EventMixin
from .filters import described, filtered_list_url, list_query
from .listings import PER_PAGE as RECIPIENTS_PER_PAGE
from .listings import CellColumn, StaffIndexView
from .search import search_registrations
from .views import LANGUAGE_NAMES, EventStaffView

# The refusals about what was written: the compose page shows them on its form.
TEXT_REFUSALS = ("empty", "incomplete", "subject_too_long", "message_too_long")
PER_PAGE = 50


def text_field(label, language, widget=forms.TextInput):
    """A field written in ``language``, in its direction whatever the admin's."""
    attrs = {"dir": "rtl" if language == "ar" else "ltr", "lang": language}
    if widget is forms.Textarea:
        attrs["rows"] = 8
    return forms.CharField(label=label, required=False, strip=False, widget=widget(attrs=attrs))


class MessageForm(forms.Form):
    """The message in English and in Arabic. No ``maxlength``: a longer text pasted in is kept
    and refused with the limit (services/messages.py), rather than cut without a word."""

    subject_ar = text_field(gettext_lazy("Subject in Arabic"), "ar")
    body_ar = text_field(gettext_lazy("Message in Arabic"), "ar", forms.Textarea)
    subject = text_field(gettext_lazy("Subject in English"), "en")
    body = text_field(gettext_lazy("Message in English"), "en", forms.Textarea)
    # Made when the page is first opened and carried through preview and edit to Send.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"subject": SUBJECT_MAX_LENGTH, "body": MESSAGE_MAX_LENGTH}
        for name, field in self.fields.items():
            if name == "key":
                continue
            limit = limits[name.removesuffix("_ar")]
            if name.startswith("body"):
                field.help_text = _("Plain text: line breaks are kept. At most %(limit)s characters.") % {
                    "limit": limit
                }
            else:
                field.help_text = _("At most %(limit)s characters.") % {"limit": limit}

    def texts(self):
        return {name: self.cleaned_data.get(name, "") for name in self.fields if name != "key"}


class WriteView(EventStaffView):
    """Compose (GET, or "Change the message"), preview and send, on one address."""

    template_name = "registrations/staff/write.html"

    def extra_crumbs(self):
        return [{"url": self.back_url, "label": _("Registrations")}, {"url": "", "label": _("Write to participants")}]

    def get_page_subtitle(self):
        return _("Write to participants")

    @property
    def data(self):
        return self.request.POST if self.request.method == "POST" else self.request.GET

    @cached_property
    def query(self):
        return list_query(self.data, self.event)

    @cached_property
    def ids(self):
        """The ticked registrations (``["all"]`` for every one listed); ``None`` when the page
        was opened from the list's link, which passes on its filters alone."""
        return self.data.getlist("id") or None

    @cached_property
    def back_url(self):
        """The list as the organiser left it."""
        return get_valid_next_url_from_request(self.request) or filtered_list_url(self.event, self.query)

    def audience(self):
        return service.audience(self.event, query=self.query, ids=self.ids)

    def refused(self, error):
        report(self.request, error)
        return redirect(self.back_url)

    def get(self, request, *args, **kwargs):
        try:
            chosen = self.audience()
        except DomainError as error:
            return self.refused(error)
        form = MessageForm(initial={"key": uuid.uuid4()})
        return self.render_to_response(self.get_context_data(form=form, audience=chosen))

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step")
        form = MessageForm(request.POST)
        form.is_valid()
        try:
            chosen = self.audience()
        except DomainError as error:
            return self.refused(error)
        if step == "edit":
            return self.render_to_response(self.get_context_data(form=form, audience=chosen))
        if step == "send":
            return self.send(form, chosen)
        try:
            message = service.draft(self.event, **form.texts())
        except DomainError as error:
            return self.refuse_texts(form, chosen, error)
        return self.render_to_response(
            self.get_context_data(form=form, audience=chosen, message=message, samples=self.samples(message, chosen))
        )

    def samples(self, message, chosen):
        shown = []
        for sample in service.samples(message, chosen):
            (html, _mimetype), *_rest = sample.email.alternatives
            shown.append(
                {
                    "sample": sample,
                    "html": html,
                    "language_name": LANGUAGE_NAMES[sample.language],
                    "direction": "rtl" if sample.language == "ar" else "ltr",
                }
            )
        return shown

    def send(self, form, chosen):
        try:
            message = service.send(
                self.event,
                form.texts(),
                by=self.request.user,
                query=self.query,
                ids=self.ids,
                key=form.cleaned_data.get("key"),
            )
        except service.AlreadySent as error:
            report(self.request, error, level=messages.INFO)
            return redirect(reverse("registrations_admin:message", args=[self.event.pk, error.sent.pk]))
        except DomainError as error:
            if error.code in TEXT_REFUSALS:
                return self.refuse_texts(form, chosen, error)
            return self.refused(error)
        messages.success(
            self.request,
            ngettext(
                "Your message is on its way to %(count)s participant.",
                "Your message is on its way to %(count)s participants.",
                message.recipients,
            )
            % {"count": message.recipients},
        )
        return redirect(reverse("registrations_admin:message", args=[self.event.pk, message.pk]))

    def refuse_texts(self, form, chosen, error):
        form.add_error(None, error.message)
        return self.render_to_response(self.get_context_data(form=form, audience=chosen), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = kwargs["audience"]
        context.update(
            {
                "query": self.query,
                "query_shown": described(self.query, self.event) if self.ids is None or "all" in self.ids else [],
                "ids": self.ids or [],
                "next": get_valid_next_url_from_request(self.request),
                "back_url": self.back_url,
                "recipients": len(chosen.recipients),
                "languages": [
                    (LANGUAGE_NAMES[language], count)
                    for language, count in sorted(chosen.languages().items())
                    if language in LANGUAGE_NAMES
                ],
                "skipped": [StaffDetails(registration) for registration in chosen.skipped],
                "left_out": chosen.left_out,
                "messages_url": reverse("registrations_admin:messages", args=[self.event.pk]),
            }
        )
        return context


class MessagesIndexView(EventMixin, StaffIndexView):
    """The messages written to the event's participants, newest first."""

    model = EventMessage
    template_name = "registrations/staff/messages.html"
    paginate_by = PER_PAGE
    default_ordering = "-sent_at"
    counted = ngettext_lazy("%(count)s message", "%(count)s messages", "count")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "subject",
                label=_("Subject"),
                accessor="shown_subject",
                get_url=lambda message: reverse("registrations_admin:message", args=[self.event.pk, message.pk]),
            ),
            CellColumn("sent_at", "date", label=_("Sent"), date_format="j M Y H:i"),
            Column("sent_by", label=_("Sent by"), accessor="sender"),
            Column("recipients", label=_("Recipients")),
        ]

    def get_page_title(self):
        return _("Messages sent")

    def get_page_subtitle(self):
        return self.shown_event.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.event_crumbs(), {"url": "", "label": _("Messages sent")}]

    def get_index_url(self):
        return reverse("registrations_admin:messages", args=[self.event.pk])

    def get_base_queryset(self):
        return EventMessage.objects.filter(event=self.event).select_related("sent_by")

    def order_queryset(self, queryset):
        return queryset.order_by("-sent_at", "-pk")

    def decorate(self, rows):
        for message in rows:
            message.sender = sender(message)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = _("No message has been sent to this event's participants yet.")
        context["write_url"] = reverse("registrations_admin:write", args=[self.event.pk])
        return context


def sender(message):
    user = message.sent_by
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


class MessageDetailView(EventMixin, StaffIndexView):
    """One message: its text in each language written, who sent it and when, and those it went
    to (while their registrations keep the link), searched by name or reference as the
    registrations list is searched, a page at a time."""

    model = Registration
    template_name = "registrations/staff/message.html"
    paginate_by = RECIPIENTS_PER_PAGE
    default_ordering = "reference"
    counted = ngettext_lazy("%(count)s recipient", "%(count)s recipients", "count")
    # Searched by search_registrations; naming a field turns Wagtail's search box on.
    search_fields = ["entered_search_text"]
    search_backend_name = None

    @cached_property
    def message(self):
        message = EventMessage.objects.filter(event=self.event, pk=self.kwargs["pk"]).select_related("sent_by").first()
        if message is None:
            raise Http404
        return message

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                sort_key="reference",
                get_url=lambda registration: reverse(
                    "registrations_admin:detail", args=[self.event.pk, registration.pk]
                ),
                classname="w-whitespace-nowrap",
            ),
            CellColumn("name", "name", label=_("Name")),
        ]

    def get_page_title(self):
        return self.shown_event.title

    def get_page_subtitle(self):
        return self.message.shown_subject()

    def get_breadcrumbs_items(self):
        url = reverse("registrations_admin:messages", args=[self.event.pk])
        return [
            *self.breadcrumbs_items,
            *self.event_crumbs(),
            {"url": url, "label": _("Messages sent")},
            {"url": "", "label": self.message.shown_subject()},
        ]

    def get_index_url(self):
        return reverse("registrations_admin:message", args=[self.event.pk, self.message.pk])

    def get_index_results_url(self):
        return reverse("registrations_admin:message_results", args=[self.event.pk, self.message.pk])

    def get_base_queryset(self):
        return self.message.registrations.select_related("person", "person__user")

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering, "pk")

    def search_queryset(self, queryset):
        return search_registrations(queryset, self.search_query)

    def decorate(self, registrations):
        for registration in registrations:
            registration.shown = StaffDetails(registration)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_results_message"] = (
            _("No recipient matches.") if self.is_searching else _("The list of those it went to is no longer kept.")
        )
        if not self.results_only:
            message = self.message
            context.update(
                {
                    "event": self.event,
                    "message": message,
                    "sender": sender(message),
                    "versions": [
                        (LANGUAGE_NAMES[language], language, *message.text_in(language))
                        for language in message.written_in()
                    ],
                    "messages_url": reverse("registrations_admin:messages", args=[self.event.pk]),
                }
            )
        return context
