"""An event's questions as a form, built with Wagtail's form builder, and answers as people
read them."""

import hashlib

import django.forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from core.text import join, quoted
from events.registrations.models import QuestionType
from events.registrations.models.settings import YES_NO
from network.geography import Governorate, country_choices, place_error

from .conditions import unasked

SHORT_MAX = 255
LONG_MAX = 2000
PREFIX = "q_"
EMPTY = (None, "", [])


def has_a_name(form, cleaned):
    """A name in at least one script, or a name field already refused on its own (too long):
    its own message says what is wrong, not "give your name"."""
    if form.has_error("name") or form.has_error("name_ar"):
        return True
    return bool((cleaned.get("name") or "").strip() or (cleaned.get("name_ar") or "").strip())


def with_blank(choices):
    """A list starts on "Choose…", so nobody sends an answer they did not pick; the field's
    own ``required`` refuses the blank when an answer is needed."""
    return [("", _("Choose…")), *choices]


class QuestionFormBuilder(FormBuilder):
    """Wagtail's builder, with labels and choices in the active language and the question
    types registration needs (yes/no, country, governorate, consent)."""

    def get_field_options(self, field):
        return {"label": field.display_label, "help_text": field.display_help_text, "required": field.required}

    def get_formatted_field_choices(self, field):
        return field.choice_pairs()

    def create_singleline_field(self, field, options):
        return django.forms.CharField(max_length=SHORT_MAX, **options)

    def create_multiline_field(self, field, options):
        return django.forms.CharField(max_length=LONG_MAX, widget=django.forms.Textarea(attrs={"rows": 4}), **options)

    def create_radio_field(self, field, options):
        return django.forms.ChoiceField(
            choices=self.get_formatted_field_choices(field), widget=django.forms.RadioSelect, **options
        )

    def create_checkboxes_field(self, field, options):
        return django.forms.MultipleChoiceField(
            choices=self.get_formatted_field_choices(field), widget=django.forms.CheckboxSelectMultiple, **options
        )

    def create_yesno_field(self, field, options):
        return django.forms.ChoiceField(choices=YES_NO, widget=django.forms.RadioSelect, **options)

    def create_country_field(self, field, options):
        created = django.forms.ChoiceField(choices=with_blank(country_choices()), **options)
        created.place = "country"
        return created

    def create_governorate_field(self, field, options):
        created = django.forms.ChoiceField(choices=with_blank(Governorate.choices), **options)
        created.place = "governorate"
        return created

    def create_consent_field(self, field, options):
        """Required only when the organiser marks it so: then registering means agreeing."""
        return django.forms.BooleanField(**options)

    @property
    def formfields(self):
        built = {
            PREFIX + field.clean_name: formfield for field, formfield in zip(self.fields, self._build(), strict=True)
        }
        by_id = {field.pk: field for field in self.fields}
        for field in self.fields:
            condition = field.condition()
            if condition is not None and condition[0] in by_id:
                ask_only_if(built[PREFIX + field.clean_name], by_id[condition[0]], condition[1])
        return built

    def _build(self):
        for field in self.fields:
            yield self.get_create_field_function(field.field_type)(field, self.get_field_options(field))


def ask_only_if(formfield, depended, value):
    """Makes ``formfield`` the field of a question asked only when ``depended`` is answered
    ``value``: the page's script (registrations/conditions.js) shows it only then, the page
    without the script says so in its help text, and the form (``check_conditions``) asks for
    an answer to a required question only then."""
    formfield.required_when_asked, formfield.required = formfield.required, False
    formfield.widget.attrs.update({"data-ask-if-field": PREFIX + depended.clean_name, "data-ask-if-value": value})
    if depended.field_type == QuestionType.YES_NO:
        answer = dict(YES_NO).get(value, value)
    else:
        answer = dict(depended.choice_pairs()).get(value, value)
    hint = _("Only if you answered %(answer)s to %(question)s.") % {
        "answer": quoted(answer),
        "question": quoted(depended.display_label),
    }
    formfield.help_text = f"{hint} {formfield.help_text}" if formfield.help_text else hint


def fingerprint(settings, questions):
    """Changes whenever the event's questions change, their conditions included."""
    parts = [str(settings.event_id)]
    for question in questions:
        parts.append(f"{question.pk}:{question.field_type}:{question.required}:{question.choices}")
        condition = question.condition()
        if condition is not None:
            parts.append(f"if:{condition[0]}={condition[1]}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


FORM_SALT = "registrations.form"


def signed_key(settings, questions):
    """The form's key as the page sends it: the fingerprint, signed with the site's secret."""
    return signing.Signer(salt=FORM_SALT).sign(fingerprint(settings, questions))


def one_click_key(settings, person):
    """The signed key that lets ``person`` register straight from the event page, with one
    click: only for an event that asks no questions and a person whose name is known (the
    form would ask for it); otherwise ""."""
    if person is None or not (person.name or person.name_ar):
        return ""
    questions = list(settings.questions.all())
    return "" if questions else signed_key(settings, questions)


def changed_questions(questions, names):
    """The labels, in the active language, of the questions named ``names`` (an
    ``AnswerChange``'s), quoted and joined as a sentence lists them; a question since removed
    by its name."""
    labels = {question.clean_name: question.display_label for question in questions}
    return join([labels.get(name, name) for name in names], quote=True)


class AnswersMixin:
    """What a form with the event's questions (the participant's, or the organisers' when they
    add someone by hand) does with them: the country and governorate checked together, and
    the answers as the registration stores them: only those of the questions asked."""

    questions = ()

    def check_places(self, cleaned):
        places = {getattr(field, "place", ""): name for name, field in self.fields.items()}
        if "country" in places and "governorate" in places:
            message = place_error(cleaned.get(places["country"]), cleaned.get(places["governorate"]))
            if message:
                self.add_error(places["governorate"], message)

    def check_conditions(self, cleaned):
        """Drops the answers to the questions not asked (``conditions.unasked``), and any error
        on them, and refuses a required question asked and left empty."""
        given = {name[len(PREFIX) :]: value for name, value in cleaned.items() if name.startswith(PREFIX)}
        hidden = unasked(self.questions, given)
        for name, field in self.fields.items():
            if not name.startswith(PREFIX):
                continue
            if name[len(PREFIX) :] in hidden:
                cleaned.pop(name, None)
                self._errors.pop(name, None)
            elif getattr(field, "required_when_asked", False) and cleaned.get(name) in EMPTY:
                if name not in self._errors:
                    self.add_error(
                        name, django.forms.ValidationError(field.error_messages["required"], code="required")
                    )

    def answers(self):
        return {
            name[len(PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX) and value not in (None, "", [])
        }

    def question_fields(self):
        return [self[name] for name in self.fields if name.startswith(PREFIX)]


class SignedQuestionsForm(AnswersMixin, BaseForm):
    """The event's questions with a signed key that ties the submission to the form that was
    shown: a form sent after the organisers changed the questions, or altered, is refused."""

    form_key = django.forms.CharField(widget=django.forms.HiddenInput)

    expected_key = ""

    @property
    def current_key(self):
        """The key of the questions as they are now, for a form shown again after a refusal."""
        return signing.Signer(salt=FORM_SALT).sign(self.expected_key)

    def clean(self):
        cleaned = super().clean()
        try:
            signed = signing.Signer(salt=FORM_SALT).unsign(cleaned.get("form_key") or "")
        except signing.BadSignature:
            signed = None
        if signed != self.expected_key:
            raise django.forms.ValidationError(
                _("This form has changed or was altered. Please check your answers and send it again."),
                code="form_key",
            )
        self.check_person(cleaned)
        self.check_places(cleaned)
        self.check_conditions(cleaned)
        return cleaned

    def check_person(self, cleaned):
        """What the form asks of the person besides the questions: nothing here."""

    def key_refused(self):
        return self.has_error(NON_FIELD_ERRORS, "form_key")


class RegistrationFormBase(SignedQuestionsForm):
    """The participant's names (prefilled from their profile) and the event's questions."""

    name = django.forms.CharField(
        label=_("Name in Latin script"),
        max_length=255,
        required=False,
        widget=django.forms.TextInput(attrs={"dir": "ltr", "autocomplete": "name"}),
    )
    name_ar = django.forms.CharField(
        label=_("Name in Arabic script"),
        max_length=255,
        required=False,
        widget=django.forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )

    def check_person(self, cleaned):
        if not has_a_name(self, cleaned):
            raise django.forms.ValidationError(_("Please give your name in at least one script."), code="name")

    def profile_changes(self):
        return {"name": self.cleaned_data["name"].strip(), "name_ar": self.cleaned_data["name_ar"].strip()}


def registration_form_class(settings, questions, *, base=RegistrationFormBase, fields=None):
    """The form class of ``settings``' ``questions`` (or of the ``fields`` made from them),
    its key the questions' fingerprint."""
    attrs = dict(QuestionFormBuilder(questions).formfields if fields is None else fields)
    attrs["expected_key"] = fingerprint(settings, questions)
    attrs["questions"] = list(questions)
    return type("RegistrationForm", (base,), attrs)


def staff_question_fields(questions):
    """The fields of ``questions`` for an organiser adding someone by hand: the same fields
    as the participant's, none required (staff may not know every answer), and no consent
    question (only the person can give their consent). A question answered with one of a few
    choices offers "No answer" first, ticked until another is."""
    asked = [question for question in questions if question.field_type != QuestionType.CONSENT]
    fields = QuestionFormBuilder(asked).formfields
    for field in fields.values():
        field.required = field.required_when_asked = False
        # (Django's checkboxes are a kind of radio buttons: a list of them needs no "No answer".)
        if isinstance(field.widget, django.forms.RadioSelect) and not field.widget.allow_multiple_selected:
            # A choice ticked by mistake can be taken back.
            field.choices = [("", _("No answer")), *field.choices]
            field.initial = ""
    return fields


def registration_form(settings, questions, person, data=None):
    """The form for ``person``, bound to ``data`` when given."""
    form_class = registration_form_class(settings, questions)
    initial = {
        "name": person.name,
        "name_ar": person.name_ar,
        "form_key": signed_key(settings, questions),
    }
    return form_class(data=data, initial=initial)


def answers_form(settings, questions, answers, data=None, *, staff=False):
    """The registration form without the names (they belong to the profile page), prefilled
    with a registration's ``answers``, for changing them: the participant's, or with
    ``staff`` the organisers' (the fields of adding someone by hand: none required, no
    consent). Its key is the registration form's, so a form sent after the questions changed
    is refused as the registration form is."""
    fields = staff_question_fields(questions) if staff else None
    form_class = registration_form_class(settings, questions, base=SignedQuestionsForm, fields=fields)
    initial = {PREFIX + name: value for name, value in (answers or {}).items()}
    initial["form_key"] = signed_key(settings, questions)
    return form_class(data=data, initial=initial)


def replaced_answers(before, questions, answers):
    """``before`` (a registration's answers) with those to ``questions`` replaced by
    ``answers`` (a form's): a question left empty loses its answer; the answers to other
    questions (one asked before its condition changed, one removed since) stay as they were."""
    after = dict(before or {})
    for question in questions:
        value = answers.get(question.clean_name)
        if value in EMPTY:
            after.pop(question.clean_name, None)
        else:
            after[question.clean_name] = value
    return after


def readable_answers(questions, answers):
    """``[(question label, answer as text)]`` in the active language, in question order; an
    answer to a question not asked with the others (kept from before its condition) is left out."""
    rows = []
    hidden = unasked(questions, answers)
    for question in questions:
        if question.clean_name not in answers or question.clean_name in hidden:
            continue
        value = answers[question.clean_name]
        rows.append((question.display_label, _readable(question, value)))
    return rows


def _readable(question, value):
    kind = question.field_type
    if kind in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        labels = dict(question.choice_pairs())
        values = value if isinstance(value, list) else [value]
        return join(labels.get(item, item) for item in values)
    if kind == QuestionType.YES_NO:
        return str(dict(YES_NO).get(value, value))
    if kind == QuestionType.CONSENT:
        return str(_("Yes")) if value else str(_("No"))
    if kind == QuestionType.COUNTRY:
        return str(countries.name(value) or value)
    if kind == QuestionType.GOVERNORATE:
        return str(dict(Governorate.choices).get(value, value))
    return str(value)
