"""Forms of the registry pages: list filters, capability search, and the
organization and capability editors.

Forms parse and check what a person typed (codes exist in the classifiers,
a city lies in the chosen region, lists split into items); they never save.
The views pass `cleaned_data` to registry.services, which own every write and
may refuse it with a ValidationError that `add_service_errors` puts on the form.
"""
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import fields_for_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .errors import RegistryError
from .models import Capability, City, ClimateVersion, Okpd2, Okved2, Organization, Region
from .templatetags.registry_format import sentence_case

CODE_PREFIX_RE = re.compile(r"^(?:[A-Z]|\d{2}(?:\.\d{1,3})*)$")
LIST_SPLIT_RE = re.compile(r"[;\n]+")
CODES_SPLIT_RE = re.compile(r"[\s,;]+")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the
    form has that field, else above the form (prefixed with the field's label)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    model = getattr(form, "model", None)
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
            continue
        label = field
        if model is not None and field != NON_FIELD_ERRORS:
            try:
                label = str(model._meta.get_field(field).verbose_name)
            except Exception:  # noqa: BLE001 - an unknown name is shown as it is
                label = field
        for error in errors:
            for message in error.messages:
                form.add_error(None, message if field == NON_FIELD_ERRORS else f"{label}: {message}")


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} — {sentence_case(obj.name)}"


def _region_field(label=_("Регион")) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=label,
                                  empty_label=_("Все регионы"))


def _code_prefix(value: str) -> str:
    value = value.strip().upper().replace(" ", "")
    if value and not CODE_PREFIX_RE.match(value):
        raise ValidationError(_("Код классификатора пишется как «C», «22» или «22.19.7»"),
                              code=RegistryError.INVALID_CODE)
    return value


class OrganizationFilterForm(forms.Form):
    """Filters of the organizations list (GET). Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("название, ИНН, описание")}))
    region = _region_field()
    kind = forms.ChoiceField(label=_("Тип"), required=False,
                             choices=[("", _("Все типы")), *Organization.Kind.choices])
    section = SectionChoiceField(Okved2.objects.filter(level=0), to_field_name="code", required=False,
                                 label=_("Раздел ОКВЭД2"), empty_label=_("Все разделы"))
    okved = forms.CharField(label=_("Код ОКВЭД2"), required=False, max_length=16,
                            widget=forms.TextInput(attrs={"placeholder": "25.11"}))

    def clean_okved(self) -> str:
        return _code_prefix(self.cleaned_data["okved"])


class CapabilitySearchForm(forms.Form):
    """Capability search (GET): text and technical filters."""

    q = forms.CharField(label=_("Что ищем"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": _("например: резинотехнические изделия")}))
    okpd2 = forms.CharField(label=_("Код ОКПД2 (начало)"), required=False, max_length=16,
                            widget=forms.TextInput(attrs={"placeholder": "22.19"}))
    region = _region_field(_("Регион производителя"))
    climate_version = forms.ChoiceField(label=_("Климатическое исполнение"), required=False,
                                        choices=[("", _("Любое")), *ClimateVersion.choices])
    works_at = forms.IntegerField(label=_("Работает при, °C"), required=False, min_value=-273, max_value=3000,
                                  help_text=_("минимальная рабочая температура не выше этой"),
                                  widget=forms.NumberInput(attrs={"placeholder": "-60"}))
    prototypes = forms.BooleanField(label=_("Опытные образцы по ТЗ"), required=False)
    sort = forms.ChoiceField(label=_("Порядок"), required=False,
                             choices=[("relevance", _("по релевантности")), ("name", _("по названию организации")),
                                      ("region", _("по региону"))])

    def clean_okpd2(self) -> str:
        return _code_prefix(self.cleaned_data["okpd2"])


def _classifier_entry(model, value: str, label: str):
    code = value.strip().upper()
    if not code:
        return None
    entry = model.objects.filter(code=code).first()
    if entry is None:
        raise ValidationError(_("В классификаторе %(classifier)s нет кода «%(code)s»"), code=RegistryError.UNKNOWN_CODE,
                              params={"classifier": label, "code": code})
    return entry


def _pk(obj):
    return obj.pk if obj is not None else None


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in LIST_SPLIT_RE.split(value or "") if item.strip()]


ORGANIZATION_FORM_FIELDS = [
    "kind", "name", "short_name", "legal_form", "inn", "ogrn", "region", "city", "address", "lat", "lon",
    "description", "website", "email", "phone", "is_public", "park_area_ha", "park_free_sites",
]


class OrganizationForm(forms.Form):
    """Create or edit an organization. `regions` are the regions the user may place it in."""

    model = Organization

    def __init__(self, *args, regions, organization: Organization | None = None, resident_choices=None, **kwargs):
        if organization is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(organization)
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Organization, fields=ORGANIZATION_FORM_FIELDS)
        for name in ORGANIZATION_FORM_FIELDS:
            self.fields[name] = fields[name]
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None if regions.count() == 1 else "—"
        region_code = self.data.get(self.add_prefix("region")) if self.is_bound else self.initial.get("region")
        if not region_code and regions.count() == 1:
            region_code = regions.first().pk
        self.fields["city"].queryset = City.objects.filter(region_id=region_code or None)
        # Choosing a region reloads the city list (HTMX); without JavaScript the form still validates.
        self.fields["region"].widget.attrs.update({"hx-get": reverse("registry:city_options"),
                                                   "hx-target": "#id_city", "hx-trigger": "change"})
        self.fields["description"].widget.attrs["rows"] = 5
        for name in ("park_area_ha", "park_free_sites"):
            self.fields[name].help_text = _("только для индустриальных парков")
        self.fields["okved_main"] = forms.CharField(
            label=_("Основной ОКВЭД2"), required=False, max_length=16,
            widget=forms.TextInput(attrs={"placeholder": "29.32"}))
        self.fields["okved_extra"] = forms.CharField(
            label=_("Дополнительные ОКВЭД2"), required=False, max_length=2000,
            help_text=_("коды через запятую или пробел"),
            widget=forms.TextInput(attrs={"placeholder": "22.19, 25.62"}))
        if resident_choices is not None:
            self.fields["residents"] = forms.ModelMultipleChoiceField(
                resident_choices, required=False, label=_("Резиденты"),
                widget=forms.CheckboxSelectMultiple)
        self.order_fields(["kind", "name", "short_name", "legal_form", "inn", "ogrn", "region", "city", "address",
                           "lat", "lon", "okved_main", "okved_extra", "description"])

    @staticmethod
    def initial_for(org: Organization) -> dict:
        initial = {name: getattr(org, name) for name in ORGANIZATION_FORM_FIELDS if name not in ("region", "city")}
        initial.update(region=org.region_id, city=org.city_id, okved_main=org.okved_main_id or "",
                       okved_extra=", ".join(org.okved_extra.values_list("code", flat=True)),
                       residents=list(org.residents.values_list("pk", flat=True)))
        return initial

    def clean_okved_main(self):
        return _classifier_entry(Okved2, self.cleaned_data["okved_main"], _("ОКВЭД2"))

    def clean_okved_extra(self) -> list:
        codes = [c.upper() for c in CODES_SPLIT_RE.split(self.cleaned_data["okved_extra"]) if c]
        found = Okved2.objects.in_bulk(codes)
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(_("В классификаторе ОКВЭД2 нет кодов: %(codes)s"), code=RegistryError.UNKNOWN_CODE,
                                  params={"codes": ", ".join(missing)})
        return [found[c] for c in dict.fromkeys(codes)]

    def clean_lat(self):
        lat = self.cleaned_data["lat"]
        if lat is not None and not -90 <= lat <= 90:
            raise ValidationError(_("Широта лежит между −90 и 90"), code=RegistryError.INVALID_VALUE)
        return lat

    def clean_lon(self):
        lon = self.cleaned_data["lon"]
        if lon is not None and not -180 <= lon <= 180:
            raise ValidationError(_("Долгота лежит между −180 и 180"), code=RegistryError.INVALID_VALUE)
        return lon

    def clean(self):
        data = super().clean()
        region, city = data.get("region"), data.get("city")
        if region and city and city.region_id != region.pk:
            self.add_error("city", ValidationError(_("Город %(city)s не в регионе %(region)s"),
                                                   code=RegistryError.INVALID_VALUE,
                                                   params={"city": city, "region": region}))
        return data

    def service_values(self) -> dict:
        """Keyword arguments for services.create_organization / update_organization."""
        values = {name: self.cleaned_data[name] for name in ORGANIZATION_FORM_FIELDS
                  if name not in ("region", "city")}
        # Foreign keys go by id: the services compare each field with the current value.
        values["region_id"] = self.cleaned_data["region"].pk
        values["city_id"] = _pk(self.cleaned_data["city"])
        values["okved_main_id"] = _pk(self.cleaned_data["okved_main"])
        values["okved_extra"] = self.cleaned_data["okved_extra"]
        if "residents" in self.fields:
            values["residents"] = list(self.cleaned_data["residents"])
        return values


CAPABILITY_FORM_FIELDS = [
    "kind", "name", "description", "temp_min_c", "temp_max_c", "climate_version", "annual_capacity",
    "capacity_unit", "prototypes_to_spec",
]
CAPABILITY_LIST_FIELDS = ("materials", "standards", "certifications")


class CapabilityForm(forms.Form):
    """Create or edit a capability: what an organization makes or does, with technical parameters."""

    model = Capability

    def __init__(self, *args, capability: Capability | None = None, **kwargs):
        if capability is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(capability)
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Capability, fields=CAPABILITY_FORM_FIELDS)
        for name in CAPABILITY_FORM_FIELDS:
            self.fields[name] = fields[name]
        self.fields["description"].widget.attrs["rows"] = 4
        self.fields["okpd2"] = forms.CharField(label=_("Код ОКПД2"), required=False, max_length=16,
                                               widget=forms.TextInput(attrs={"placeholder": "22.19.73"}))
        list_labels = {"materials": _("Материалы"), "standards": _("Стандарты (ГОСТ, ТУ, ISO)"),
                       "certifications": _("Сертификаты")}
        for name in CAPABILITY_LIST_FIELDS:
            self.fields[name] = forms.CharField(label=list_labels[name], required=False, max_length=4000,
                                                help_text=_("по одному в строке или через точку с запятой"),
                                                widget=forms.Textarea(attrs={"rows": 2}))
        order = ["kind", "name", "okpd2", "description", "temp_min_c", "temp_max_c", "climate_version",
                 "materials", "standards", "certifications", "annual_capacity", "capacity_unit",
                 "prototypes_to_spec"]
        self.order_fields(order)

    @staticmethod
    def initial_for(cap: Capability) -> dict:
        initial = {name: getattr(cap, name) for name in CAPABILITY_FORM_FIELDS}
        initial["okpd2"] = cap.okpd2_id or ""
        for name in CAPABILITY_LIST_FIELDS:
            initial[name] = "\n".join(getattr(cap, name) or [])
        return initial

    def clean_okpd2(self):
        return _classifier_entry(Okpd2, self.cleaned_data["okpd2"], _("ОКПД2"))

    def clean_materials(self) -> list[str]:
        return _split_list(self.cleaned_data["materials"])

    def clean_standards(self) -> list[str]:
        return _split_list(self.cleaned_data["standards"])

    def clean_certifications(self) -> list[str]:
        return _split_list(self.cleaned_data["certifications"])

    def service_values(self) -> dict:
        """Keyword arguments for services.create_capability / update_capability."""
        values = {name: self.cleaned_data[name] for name in [*CAPABILITY_FORM_FIELDS, *CAPABILITY_LIST_FIELDS]}
        values["okpd2_id"] = _pk(self.cleaned_data["okpd2"])
        return values
