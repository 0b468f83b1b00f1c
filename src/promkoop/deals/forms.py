"""Deal forms: new deal (prefilled from its origin), edit (with the owner), move, comment,
document, list filters. Forms only parse input; `services.py` validates and writes."""
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from promkoop.registry.access import visible_organizations
from promkoop.registry.models import Organization, Region

from .models import Deal, DealDocument, Stage

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationField(forms.CharField):
    """An organization the user may see, given by its number in the registry or its ИНН."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("номер в реестре или ИНН"))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value.pk if isinstance(value, Organization) else value

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        value = str(value).strip()
        if not value.isdigit():
            raise ValidationError(_("Укажите номер организации в реестре или её ИНН (цифры)"), code="invalid")
        orgs = visible_organizations(self.user)
        rule = Q(inn=value) if len(value) in (10, 12) else Q(pk=int(value)) if len(value) <= 18 else Q(pk__in=[])
        org = orgs.filter(rule).select_related("region").first()
        if org is None:
            raise ValidationError(_("Организация не найдена"), code="invalid")
        return org


class DealCreateForm(forms.Form):
    model = Deal

    buyer = OrganizationField(label=_("Заказчик"))
    supplier = OrganizationField(label=_("Поставщик"))
    subject = forms.CharField(label=_("Предмет сделки"), max_length=500)
    okpd2 = forms.CharField(label=_("Код ОКПД2"), max_length=16, required=False)
    expected_value_rub = forms.CharField(label=_("Ожидаемая сумма, руб."), max_length=40, required=False)
    next_step = forms.CharField(label=_("Следующий шаг"), max_length=500, required=False)
    next_step_due = forms.DateField(label=_("Срок следующего шага"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].user = self.fields["supplier"].user = user

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("okpd2", "expected_value_rub", "next_step", "next_step_due")
                if data.get(name) not in (None, "")}


class DealEditForm(forms.Form):
    model = Deal

    subject = forms.CharField(label=_("Предмет сделки"), max_length=500)
    okpd2 = forms.CharField(label=_("Код ОКПД2"), max_length=16, required=False)
    expected_value_rub = forms.CharField(label=_("Ожидаемая сумма, руб."), max_length=40, required=False)
    contract_value_rub = forms.CharField(label=_("Сумма контракта, руб."), max_length=40, required=False)
    contract_number = forms.CharField(label=_("Номер контракта"), max_length=100, required=False)
    contract_date = forms.DateField(label=_("Дата контракта"), required=False, widget=DATE)
    first_delivery_date = forms.DateField(label=_("Дата первой поставки"), required=False, widget=DATE)
    next_step = forms.CharField(label=_("Следующий шаг"), max_length=500, required=False)
    next_step_due = forms.DateField(label=_("Срок следующего шага"), required=False, widget=DATE)
    owner = forms.ModelChoiceField(queryset=None, label=_("Ответственный"), required=False,
                                   empty_label=_("— не назначен —"))

    def __init__(self, *args, deal: Deal, owners, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(deal, name) for name in self.base_fields if name != "owner"}
            kwargs["initial"]["okpd2"] = deal.okpd2_id or ""
            kwargs["initial"]["owner"] = deal.owner_id
            for money in ("expected_value_rub", "contract_value_rub"):
                value = kwargs["initial"][money]
                kwargs["initial"][money] = "" if value is None else f"{value:f}"
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        for name in ("contract_number", "next_step", "okpd2", "expected_value_rub", "contract_value_rub"):
            values[name] = values.get(name) or ""
        return values


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Комментарий"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид документа"), choices=DealDocument.Kind.choices)
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    file = forms.FileField(label=_("Файл"), help_text=_("до 20 МБ: PDF, документы, таблицы, изображения, zip"))


class DealFilterForm(forms.Form):
    """Filters of the deal list (GET). Invalid values are shown and ignored."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("предмет или организация")}))
    stage = forms.ChoiceField(label=_("Стадия"), required=False, choices=[("", _("Все")), ("open", _("Открытые")),
                                                                          *Stage.choices])
    region = forms.ModelChoiceField(Region.objects.order_by("name"), required=False, label=_("Регион стороны"),
                                    empty_label=_("Все регионы"))
    organization = forms.IntegerField(label=_("Организация (номер в реестре)"), required=False, min_value=1,
                                      max_value=10 ** 15)
    stalled = forms.BooleanField(label=_("Только без движения"), required=False)
