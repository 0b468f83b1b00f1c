"""Forms of the agreement pages: list filters and the agreement editor.

Forms parse what a person typed; they never save and do not repeat the record rules: views pass the
values to `services.py`, whose ValidationError (keyed by field) `registry.forms.add_service_errors`
puts on the form. Organization-parties are typed as ИНН and deals as their numbers, since the
registry is too large for a list to choose from.
"""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promkoop.registry.models import Organization, Region

from .models import Kind, Status, Visibility


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementFilterForm(forms.Form):
    """Filters of the list (GET). Invalid values are shown and ignored."""

    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Любой")), *Kind.choices])
    status = forms.ChoiceField(label=_("Статус"), required=False, choices=[("", _("Любой")), *Status.choices])
    region = forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=_("Регион"),
                                    empty_label=_("Все регионы"))
    year = forms.IntegerField(label=_("Год подписания"), required=False, min_value=1990, max_value=2100)


_SPLIT = re.compile(r"[\s,;]+")


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид"), choices=Kind.choices)
    title = forms.CharField(label=_("Название"), max_length=500)
    subject = forms.CharField(label=_("Предмет"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    regions = forms.ModelMultipleChoiceField(Region.objects.order_by("name"), required=False,
                                             label=_("Регионы-стороны"), widget=forms.SelectMultiple(attrs={"size": 6}))
    organizations = forms.CharField(label=_("Предприятия-стороны"), required=False,
                                    help_text=_("ИНН через запятую или пробел"))
    date_signed = forms.DateField(label=_("Дата подписания"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Действует до"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Статус"), choices=Status.choices, initial=Status.DRAFT)
    visibility = forms.ChoiceField(label=_("Кому видно"), choices=Visibility.choices, initial=Visibility.PUBLIC)
    events = forms.ModelMultipleChoiceField(None, required=False, label=_("Мероприятия"),
                                            widget=forms.SelectMultiple(attrs={"size": 6}))
    deals = forms.CharField(label=_("Сделки"), required=False, help_text=_("Номера сделок через запятую"))
    document = forms.FileField(label=_("Документ"), required=False,
                               help_text=_("PDF, документ, текст, изображение или zip, до 20 МБ"))

    def __init__(self, *args, events, agreement=None, **kwargs):
        if agreement is not None:
            kwargs.setdefault("initial", {}).update(
                kind=agreement.kind, title=agreement.title, subject=agreement.subject,
                regions=list(agreement.regions.all()), date_signed=agreement.date_signed,
                valid_until=agreement.valid_until, visibility=agreement.visibility,
                organizations=" ".join(o.inn or str(o.pk) for o in agreement.organizations.all()),
                events=list(agreement.events.all()),
                deals=" ".join(str(pk) for pk in agreement.deals.values_list("pk", flat=True)))
        super().__init__(*args, **kwargs)
        self.fields["events"].queryset = events
        if agreement is not None:
            del self.fields["status"]  # moves through the status buttons on the agreement page

    def clean_organizations(self) -> list[Organization]:
        found = []
        for token in _SPLIT.split(self.cleaned_data["organizations"].strip()):
            if not token:
                continue
            org = Organization.objects.filter(inn=token).order_by("id").first()
            if org is None:
                raise ValidationError(_("Нет организации с ИНН %(inn)s"), params={"inn": token[:20]}, code="unknown")
            found.append(org)
        return found

    def clean_deals(self) -> list[int]:
        tokens = [t for t in _SPLIT.split(self.cleaned_data["deals"].strip()) if t]
        if any(not t.isdigit() or len(t) > 12 for t in tokens):
            raise ValidationError(_("Номера сделок — целые числа"), code="invalid")
        return [int(t) for t in tokens]

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("document", None)
        data.pop("status", None)
        data["regions"] = list(data["regions"])
        data["events"] = list(data["events"])
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)
