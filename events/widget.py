"""The events widget partner sites embed: upcoming events (all of them, an organisation's or a
network's) in a frame this site serves, and the page where a partner builds its snippet.

A partner pastes either a script (``events/static/events/widget/widget.js``), which inserts
the frame and sizes it to the height the frame reports, or the frame itself. The frame lives
under ``/embed/``, outside the language prefix, the language being a parameter like the
others: core.security lets any site frame that address, its policy otherwise as strict. It
sets no cookie (no session, form or language cookie) and loads nothing from another site, so
the page cache shares it between visitors.

Parameters: ``lang`` (ar, en), ``organisation`` and ``network`` (directory slugs), ``limit``
(1 to ``LIMIT_MAX``), ``target`` (``top``: the event opens in the partner's tab; ``blank``: in
a new tab), and the events index's own filters (kind, format, city, country, year, topic, q).
A value that is not understood gets a message in the frame, naming the parameter, instead of
a list the partner did not ask for.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from core import pagecache
from core.security import frames_own_pages
from events.filters import EventFilterForm, apply_filters
from events.models import EventIndexPage
from events.queries import of_network, public_events, upcoming, with_organisation
from events.translation import default_language
from network.models import Network, Organisation

LIMIT_DEFAULT, LIMIT_MAX = 5, 20
TARGETS = {"top": "_top", "blank": "_blank"}
# The script's own name, never the hashed one a manifest storage would give: partners keep the
# address they pasted, and each deployment still collects (and WhiteNoise serves) this name.
SCRIPT = "events/widget/widget.js"
# The height of the plain frame, which cannot follow its content without the script.
FRAME_HEIGHT = 600


def _limit_message():
    return _("Choose a number of events from 1 to %(max)s.") % {"max": LIMIT_MAX}


LIMIT_MESSAGE = lazy(_limit_message, str)()


def directory_choice(label, empty_label, unknown):
    """A directory record chosen by its slug (the form gives it its public records)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=empty_label,
        error_messages={"invalid_choice": unknown},
    )


class WidgetForm(forms.Form):
    """What a partner chooses; the frame reads it from its address, the builder from its form."""

    organisation = directory_choice(
        gettext_lazy("Organisation"),
        gettext_lazy("All organisations"),
        gettext_lazy("There is no organisation “%(value)s” in the directory."),
    )
    network = directory_choice(
        gettext_lazy("Network"),
        gettext_lazy("All networks"),
        gettext_lazy("There is no network “%(value)s” in the directory."),
    )
    lang = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("There is no language “%(value)s”: choose ar (Arabic) or en (English).")
        },
    )
    limit = forms.IntegerField(
        label=gettext_lazy("Number of events"),
        min_value=1,
        max_value=LIMIT_MAX,
        required=False,
        error_messages={"invalid": LIMIT_MESSAGE, "min_value": LIMIT_MESSAGE, "max_value": LIMIT_MESSAGE},
    )
    target = forms.ChoiceField(
        label=gettext_lazy("Links open"),
        choices=[("top", gettext_lazy("In the same tab")), ("blank", gettext_lazy("In a new tab"))],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Links open in the same tab (top) or in a new tab (blank), not “%(value)s”.")
        },
    )

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["organisation"].queryset = Organisation.objects.public().in_display_order()
        self.fields["network"].queryset = Network.objects.public().in_display_order()
        self.fields["limit"].widget.attrs["max"] = LIMIT_MAX

    def value(self, name):
        """The cleaned value of ``name``, or its default when absent or not understood."""
        cleaned = getattr(self, "cleaned_data", {}).get(name) if self.is_bound and name not in self.errors else None
        defaults = {"lang": default_language(), "limit": LIMIT_DEFAULT, "target": "top"}
        return cleaned or defaults.get(name)

    def query(self):
        """The frame's parameters for these choices, the defaults left out but the language."""
        organisation, network = self.value("organisation"), self.value("network")
        params = {"lang": self.value("lang")}
        if organisation:
            params["organisation"] = organisation.slug
        if network:
            params["network"] = network.slug
        if self.value("limit") != LIMIT_DEFAULT:
            params["limit"] = self.value("limit")
        if self.value("target") != "top":
            params["target"] = self.value("target")
        return params


def _problems(form):
    """``"label: message"`` for every value of ``form`` that was not understood."""
    return [f"{form.fields[name].label}: {message}" for name, errors in form.errors.items() for message in errors]


def _index_filters(data, events):
    """``events`` narrowed by the index's filters given in ``data``, and the problems with them.
    The index's form is only built when one is given: it reads its choices from the database."""
    if not any(data.get(name) for name in EventFilterForm.FILTERS):
        return events, []
    form = EventFilterForm(data, events)
    return apply_filters(events, form.active_filters), _problems(form)


def _heading(organisation, network):
    if organisation:
        return _("Upcoming events with %(organisation)s") % {"organisation": organisation.display_name}
    if network:
        return _("Upcoming events of %(network)s") % {"network": network.display_name}
    return _("Upcoming events")


def _more_link(organisation, network, locale, request):
    """Where the frame's last link leads: the directory page of what it shows, else the index."""
    record = organisation or network
    if record:
        return record.get_absolute_url(), _("More about %(name)s on Multaqa") % {"name": record.display_name}
    index = EventIndexPage.objects.live().filter(locale=locale).first()
    return (index.get_url(request) if index else "/"), _("All events on Multaqa")


def _frame_context(request, form):
    if not form.is_valid():
        return {"problems": _problems(form)}
    organisation, network = form.value("organisation"), form.value("network")
    locale = Locale.get_active()
    events = public_events(locale)
    if organisation:
        events = with_organisation(events, organisation)
    if network:
        events = of_network(events, network)
    events, problems = _index_filters(request.GET, events)
    if problems:
        return {"problems": problems}
    shown = list(upcoming(events)[: form.value("limit")])
    if shown:
        # The list changes by itself when one of its events ends.
        pagecache.valid_until(request, min(event.end for event in shown))
    more_url, more_label = _more_link(organisation, network, locale, request)
    return {"events": shown, "heading": _heading(organisation, network), "more_url": more_url, "more_label": more_label}


@require_safe
@pagecache.shared
def frame(request):
    """The frame partner sites show; ``/embed/events/?lang=…&organisation=…``."""
    form = WidgetForm(request.GET)
    language = form.value("lang")
    with translation.override(language):
        context = _frame_context(request, form)
        context.update(language=language, target=TARGETS[form.value("target")])
        if "lang" in form.errors:
            # The language asked for is unknown: say so in every language the site speaks.
            context["problems"] = [
                (code, translation.get_language_info(code)["bidi"], _in_language(code, form))
                for code, _name in settings.LANGUAGES
            ]
        elif "problems" in context:
            context["problems"] = [(language, translation.get_language_bidi(), context["problems"])]
        # Without the site's context processors: the frame shows none of the site's chrome
        # (menu, account), so it asks no query for them.
        content = render_to_string("events/widget/frame.html", {**context, "request": request})
    response = HttpResponse(content, status=400 if "problems" in context else 200)
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    return response


def _in_language(code, form):
    with translation.override(code):
        return _problems(form)


def snippets(request, form):
    """The two snippets a partner may paste: the script, and the frame alone."""
    params = form.query()
    script_url = request.build_absolute_uri(settings.STATIC_URL + SCRIPT)
    frame_url = request.build_absolute_uri(reverse("embed_events")) + "?" + urlencode(params)
    with translation.override(params["lang"]):
        title = _heading(form.value("organisation"), form.value("network"))
    data = format_html_join(" ", 'data-{}="{}"', params.items())
    # Text to show and copy, escaped where the snippet holds text: the page escapes it again.
    return {
        "script_url": script_url,
        "data": params,
        "script": format_html('<script src="{}" {} async></script>', script_url, data),
        "iframe": format_html(
            '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy" style="border: 0"></iframe>',
            frame_url,
            title,
            FRAME_HEIGHT,
        ),
    }


def builder_url(organisation):
    """The builder with ``organisation`` chosen, as its directory page offers it."""
    return reverse("events:widget") + "?" + urlencode({"organisation": organisation.slug})


@require_safe
@frames_own_pages
def builder(request):
    """Where a partner chooses what to show, copies the snippet and sees it at work."""
    # The visitor's language and the defaults until they choose otherwise.
    form = WidgetForm({"lang": translation.get_language(), "limit": LIMIT_DEFAULT, **request.GET.dict()})
    valid = form.is_valid()
    context = {"form": form, "snippets": snippets(request, form) if valid else None, "frame_height": FRAME_HEIGHT}
    return render(request, "events/widget/builder.html", context, status=200 if valid else 400)
