"""The account's "API tokens" page: the person's tokens for the staff API, a form to create
one (its secret shown on the answer to that form, and never again), revoking, and the latest
calls made with them. Staff who manage no event see their tokens but cannot create one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST

from core.errors import DomainError
from events import dates
from events.registrations.views.helpers import personal
from events.translation import localized_events

from . import tokens
from .models import TokenScope


def event_choices(user, language):
    """The events ``user`` may see as staff, the latest first, titled in ``language``."""
    events = list(tokens.visible_events(user).order_by("-start", "-pk"))
    titled = localized_events(events, language, live_only=False)
    pairs = zip(events, titled, strict=True)
    return [(event.pk, f"{shown.title} — {dates.day(event.local_start)}") for event, shown in pairs]


def expiry_choices():
    choices = [
        (str(days), ngettext_lazy("In %(count)s day", "In %(count)s days", days) % {"count": days})
        for days in tokens.EXPIRY_DAYS
    ]
    return [*choices, ("", gettext_lazy("Never"))]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=tokens.LONGEST_NAME,
        help_text=gettext_lazy("What the token is for, such as “Attendance dashboard”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Read: lists of events, registrations and attendance. Write: also add registrations and check people in."
        ),
    )
    events = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Events"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Limit the token to these events. With none chosen, it reaches every event you may see."
        ),
    )
    expires_in = forms.ChoiceField(label=gettext_lazy("Expires"), required=False, initial="90")

    def __init__(self, *args, user, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = event_choices(user, language)
        self.fields["expires_in"].choices = expiry_choices()


def page(request, form=None, secret=None, status=200):
    user = request.user
    may_create = tokens.may_create_tokens(user)
    language = request.LANGUAGE_CODE
    if may_create and form is None:
        form = TokenForm(user=user, language=language)
    owned = list(tokens.tokens_of(user))
    limited = {event.pk: event for staff_token in owned for event in staff_token.events.all()}
    titles = localized_events(list(limited.values()), language, live_only=False)
    for staff_token in owned:
        chosen = {event.pk for event in staff_token.events.all()}
        staff_token.event_titles = [shown.title for pk, shown in zip(limited, titles, strict=True) if pk in chosen]
    context = {
        "may_create": may_create,
        "form": form if may_create else None,
        "secret": secret,
        "tokens": owned,
        "calls": tokens.recent_calls(user),
    }
    return render(request, "api/tokens.html", context, status=status)


@personal
@login_required
def api_tokens(request):
    if request.method != "POST":
        return page(request)
    form = TokenForm(request.POST, user=request.user, language=request.LANGUAGE_CODE)
    if form.is_valid():
        data = form.cleaned_data
        try:
            staff_token, secret = tokens.create(
                request.user,
                name=data["name"],
                scope=data["scope"],
                event_ids=data["events"],
                expires_in_days=int(data["expires_in"]) if data["expires_in"] else None,
            )
        except DomainError as error:
            if error.code == "forbidden":
                messages.error(request, str(error.message))
                return redirect("api_tokens")
            form.add_error(None, error.message)
        else:
            return page(request, secret={"value": secret, "token": staff_token})
    return page(request, form=form, status=400)


@personal
@login_required
@require_POST
def revoke(request, token_id):
    try:
        token = tokens.revoke(request.user, token_id)
    except DomainError as error:
        if error.code == "not_found":  # someone else's token: as if there were none
            raise Http404 from error
        messages.error(request, str(error.message))
    else:
        revoked = _("The token “%(name)s” is revoked: it opens nothing from now on.") % {"name": token.name}
        messages.success(request, revoked)
    return redirect("api_tokens")
