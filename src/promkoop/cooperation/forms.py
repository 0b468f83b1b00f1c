"""Forms of the cooperation pages: list filters, the need/offer editor, the response
form and the saved-search form.

Forms parse what a person typed (lists split into items, a code stripped);
they never save and do not repeat the record rules: the views pass
`service_values()` to cooperation.services, whose ValidationError (keyed by
field) `registry.forms.add_service_errors` puts on the form.
"""
import re

from django import forms
from django.forms.models import fields_for_model
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from promkoop.registry.models import Region

from .models import DESCRIPTION_MAX, CooperationKind, Need, NeedOutcome, Response, ResponseMessage, SavedSearch, Status

LIST_SPLIT_RE = re.compile(r"[;\n]+")
POSTING_FORM_FIELDS = [
    "title", "description", "kind", "temp_min_c", "temp_max_c", "climate_version", "quantity", "unit",
    "deadline", "visibility",
]
LIST_FIELDS = ("materials", "standards")


def split_list(value: str) -> list[str]:
    """Items typed one per line or separated by semicolons.

    >>> split_list("резина; сталь\\n ГОСТ 9833 ")
    ['резина', 'сталь', 'ГОСТ 9833']
    """
    return [item.strip() for item in LIST_SPLIT_RE.split(value or "") if item.strip()]


class PostingFilterForm(forms.Form):
    """Filters of the need and offer lists (GET). Invalid values are shown and ignored."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("например: РТИ для Арктики")}))
    region = forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=_("Регион организации"),
                                    empty_label=_("Все регионы"))
    kind = forms.ChoiceField(label=_("Форма кооперации"), required=False,
                             choices=[("", _("Любая")), *CooperationKind.choices])
    status = forms.ChoiceField(label=_("Статус"), required=False,
                               choices=[("", _("Открытые")), ("all", _("Все")), *Status.choices])


# The label is worded when the form is shown, in the viewer's language (a class attribute is built once).
_km = lazy(lambda km: gettext("до %(km)s км") % {"km": km}, str)


class PartnerFilterForm(forms.Form):
    """Filters of a need's partner list (GET, prefixed "p-"). Invalid values are shown and ignored."""

    DISTANCES = (300, 1000, 2000, 4000)

    region = forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=_("Регион"),
                                    empty_label=_("Все регионы"))
    max_km = forms.TypedChoiceField(label=_("Расстояние"), required=False, coerce=int, empty_value=None,
                                    choices=[("", _("Любое")), *((d, _km(d)) for d in DISTANCES)])
    cold = forms.BooleanField(label=_("Для холодного климата (ХЛ, УХЛ или до −60 °C)"), required=False)
    prototypes = forms.BooleanField(label=_("Опытные образцы по ТЗ"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "p")
        super().__init__(*args, **kwargs)

    def filters(self):
        """The valid filters as the matching queries take them."""
        from .matching.queries import PartnerFilters

        data = self.cleaned_data if self.is_valid() else {
            k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        region = data.get("region")
        return PartnerFilters(region=region.pk if region else "", max_km=data.get("max_km"),
                              cold=bool(data.get("cold")), prototypes=bool(data.get("prototypes")))


class PostingForm(forms.Form):
    """Create or edit a need or an offer. `organizations` are those the user may post for."""

    model = Need

    def __init__(self, *args, organizations=None, posting=None, **kwargs):
        if posting is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(posting)
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"] = forms.ModelChoiceField(organizations, label=_("Организация"),
                                                                 empty_label=None if organizations.count() == 1
                                                                 else "—")
        fields = fields_for_model(Need, fields=POSTING_FORM_FIELDS)
        for name in POSTING_FORM_FIELDS:
            self.fields[name] = fields[name]
        self.fields["description"].widget.attrs.update(rows=6, **{"data-maxlength": DESCRIPTION_MAX})
        self.fields["description"].help_text = _("до 5000 знаков: что нужно, для чего, условия эксплуатации")
        self.fields["deadline"].widget = forms.DateInput(attrs={"type": "date"})
        self.fields["okpd2"] = forms.CharField(label=_("Код ОКПД2"), required=False, max_length=16,
                                               widget=forms.TextInput(attrs={"placeholder": "22.19.73"}))
        labels = {"materials": _("Материалы"), "standards": _("Стандарты (ГОСТ, ТУ, ISO)")}
        for name in LIST_FIELDS:
            self.fields[name] = forms.CharField(label=labels[name], required=False, max_length=4000,
                                                help_text=_("по одному в строке или через точку с запятой"),
                                                widget=forms.Textarea(attrs={"rows": 2}))
        regions = Region.objects.order_by("name")
        self.fields["preferred_regions"] = forms.ModelMultipleChoiceField(
            regions, required=False, label=_("Предпочтительные регионы"),
            widget=forms.SelectMultiple(attrs={"size": 6}))
        self.fields["excluded_regions"] = forms.ModelMultipleChoiceField(
            regions, required=False, label=_("Исключить регионы"), widget=forms.SelectMultiple(attrs={"size": 6}))
        self.order_fields(["organization", "title", "kind", "okpd2", "description", "temp_min_c", "temp_max_c",
                           "climate_version", "materials", "standards", "quantity", "unit", "deadline",
                           "preferred_regions", "excluded_regions", "visibility"])

    @staticmethod
    def initial_for(posting) -> dict:
        initial = {name: getattr(posting, name) for name in POSTING_FORM_FIELDS}
        initial["okpd2"] = posting.okpd2_id or ""
        for name in LIST_FIELDS:
            initial[name] = "\n".join(getattr(posting, name) or [])
        initial["preferred_regions"] = list(posting.preferred_regions.values_list("pk", flat=True))
        initial["excluded_regions"] = list(posting.excluded_regions.values_list("pk", flat=True))
        return initial

    def clean_okpd2(self) -> str | None:
        return self.cleaned_data["okpd2"].strip() or None

    def clean_materials(self) -> list[str]:
        return split_list(self.cleaned_data["materials"])

    def clean_standards(self) -> list[str]:
        return split_list(self.cleaned_data["standards"])

    def service_values(self) -> dict:
        """Keyword arguments for services.create_need / update_need (and the offer twins)."""
        values = {name: self.cleaned_data[name] for name in [*POSTING_FORM_FIELDS, *LIST_FIELDS]}
        values["okpd2_id"] = self.cleaned_data["okpd2"]
        values["preferred_regions"] = list(self.cleaned_data["preferred_regions"])
        values["excluded_regions"] = list(self.cleaned_data["excluded_regions"])
        return values


class ResponseForm(forms.ModelForm):
    """A response to a need; with `organizations`, the choice of whom it is sent for (a member has
    their own organization, an officer their region's). The view checks the choice again."""

    model = Response

    class Meta:
        model = Response
        fields = ["text", "price", "terms"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "data-maxlength": DESCRIPTION_MAX})}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("От имени организации"), queryset=organizations, empty_label=None)
            self.order_fields(["organization", "text", "price", "terms"])

    def service_values(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("text", "price", "terms")}


class ResponseMessageForm(forms.ModelForm):
    class Meta:
        model = ResponseMessage
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class CloseNeedForm(forms.Form):
    """«Закрыть» a need: how it ended, and the response that found the supplier (optional)."""

    outcome = forms.ChoiceField(label=_("Чем закончилась потребность"), choices=NeedOutcome.choices,
                                widget=forms.RadioSelect)
    response = forms.ModelChoiceField(label=_("Отклик, по которому найден поставщик"), required=False,
                                      queryset=Response.objects.none(),
                                      empty_label=_("— не указывать —"))

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        responses = need.responses.select_related("organization").order_by("-created_at", "-id")
        if responses.exists():
            self.fields["response"].queryset = responses
            self.fields["response"].label_from_instance = lambda r: r.organization.display_name
        else:
            del self.fields["response"]


class SavedSearchForm(forms.ModelForm):
    model = SavedSearch

    class Meta:
        model = SavedSearch
        fields = ["name", "text", "target", "region", "okpd2_prefix", "kind"]

    def validate_unique(self):  # the service validates the record
        pass

    def _post_clean(self):  # the model's clean runs in the service, once
        pass
