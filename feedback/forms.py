"""Input validation, shared by the pages and the API (the API validates `request.data` with
the same forms, so both refuse the same input with the same translated messages)."""

import datetime as dt

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from centre.models import Centre, Department, Service
from feedback.models import CitizenRequest, EvaluationTemplate
from nafitha.arabic import latin_digits
from nafitha.days import local_day
from nafitha.phones import jordan_mobile
from nafitha.text import PlainTextField
from queueing.models import Ticket

LANGUAGE_CHOICES = [("ar", "العربية"), ("en", "English")]


class LatinDigitsMixin:
    """Citizens may type ٠٧٩…: numbers are stored with Latin digits."""

    def to_python(self, value):
        return super().to_python(latin_digits(value) if value else value)


class DigitsField(LatinDigitsMixin, forms.CharField):
    pass


class NamedChoiceField(forms.ModelChoiceField):
    """Choices labelled in the active language (centres, departments, services)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class ServiceSelect(forms.Select):
    """Service options carry their department's code, so the page can list only the services
    of the chosen department (feedback/request_form.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        service = getattr(value, "instance", None)
        if service is not None:
            option["attrs"]["data-department"] = service.department.code
        return option


class FeedbackForm(forms.Form):
    satisfaction = forms.IntegerField(
        label=_("How satisfied are you with the service?"), min_value=1, max_value=5
    )
    recommend = forms.IntegerField(
        label=_("How likely are you to recommend this centre to a friend? (0–10)"),
        min_value=0,
        max_value=10,
        required=False,
    )
    comment = PlainTextField(
        prose=True,
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), choices=CitizenRequest.Kind.choices, widget=forms.RadioSelect
    )
    body = PlainTextField(
        prose=True,
        label=_("Your message"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False, widget=forms.HiddenInput)
    centre = NamedChoiceField(
        label=_("Centre (optional)"),
        queryset=Centre.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Not specified"),
    )
    department = NamedChoiceField(
        label=_("Department (optional)"),
        queryset=Department.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Not specified"),
    )
    service = NamedChoiceField(
        label=_("Service (optional)"),
        queryset=Service.objects.filter(is_active=True).select_related("department"),
        to_field_name="code",
        required=False,
        empty_label=_("Not specified"),
        widget=ServiceSelect,
    )
    ticket = PlainTextField(required=False, max_length=32, widget=forms.HiddenInput)
    name = PlainTextField(label=_("Your name (optional)"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "tel"}),
    )
    national_number = DigitsField(
        label=_("National number (optional)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
        validators=[RegexValidator(r"^\d{10}$", _("The national number has 10 digits."))],
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return jordan_mobile(phone) if phone else ""

    def clean_ticket(self) -> Ticket | None:
        token = self.cleaned_data["ticket"]
        if not token:
            return None
        ticket = Ticket.objects.select_related("centre", "service").filter(token=token).first()
        if ticket is None:
            raise forms.ValidationError(_("This visit does not exist."))
        return ticket

    def clean(self):
        data = super().clean()
        service, department = data.get("service"), data.get("department")
        if service and department and service.department_id != department.pk:
            self.add_error("service", _("This service belongs to another department."))
        return data


class AssignForm(forms.Form):
    department = NamedChoiceField(
        label=_("Department"), queryset=Department.objects.all(), to_field_name="code"
    )


class AnswerForm(forms.Form):
    answer = PlainTextField(
        prose=True,
        label=_("Answer to the citizen"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RejectForm(forms.Form):
    reason = PlainTextField(
        prose=True,
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CitizenRequest.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *CitizenRequest.Kind.choices], required=False
    )
    department = NamedChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class EvaluationForm(forms.Form):
    """A checklist as a form: one choice per item, on the item's own scale."""

    centre = NamedChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    visited_on = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = PlainTextField(
        prose=True,
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, template: EvaluationTemplate, centres, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.items = list(template.items.all())
        for item in self.items:
            choices = (
                [(1, _("Yes")), (0, _("No"))]
                if item.scale == item.Scale.YES_NO
                else [(v, str(v)) for v in range(item.scale_max, -1, -1)]
            )
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text_in(language),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def clean_visited_on(self) -> dt.date:
        day = self.cleaned_data["visited_on"]
        if day > local_day():
            raise forms.ValidationError(_("The visit date cannot be in the future."))
        return day

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    @property
    def values(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}
