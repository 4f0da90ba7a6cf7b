from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError, report
from events.registrations.forms import ProfileForm
from network.people import organisation_name, person_for_user, save_profile

from .helpers import personal


@personal
@login_required
def profile(request):
    try:
        person = person_for_user(request.user)
    except DomainError as error:
        return render(request, "registrations/unverified.html", {}, status=report(request, error))
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=person)
        if form.is_valid():
            save_profile(
                person,
                form.profile_fields(),
                organisation=form.cleaned_data["organisation"],
                consent_wording=form.consent_wording(),
            )
            messages.success(request, _("Your profile is saved."))
            return redirect("registrations:profile")
        status = 400
    else:
        form = ProfileForm(instance=person, initial={"organisation": organisation_name(person)})
        status = 200
    return render(request, "registrations/profile.html", {"form": form, "person": person}, status=status)
