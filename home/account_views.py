"""A participant's own data (home/privacy.py): the "My data" page, its JSON download, and
deleting the account."""

import json

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.registrations.views.helpers import personal
from home import privacy


@personal
@login_required
def my_data(request):
    return render(request, "home/my_data.html", {"data": privacy.collect(request.user)})


@personal
@login_required
def my_data_json(request):
    data = privacy.collect(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="multaqa-my-data-{stamp}.json"'
    return response


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand: my account and my profile are deleted, and this cannot be undone."),
        required=True,
    )


@personal
@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.delete_account(user)
        messages.success(request, _("Your account is deleted. What identified you is gone from the site."))
        return redirect("wagtail_serve", "")
    return render(request, "home/delete_account.html", {"form": form}, status=400 if form.errors else 200)
