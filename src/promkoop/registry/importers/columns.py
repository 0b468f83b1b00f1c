"""Our own import template: its columns (Russian headers, English aliases),
what each means, and how a row of it becomes a `RowRecord`.

One row = one organization plus, optionally, one of its capabilities; rows
with the same ИНН are one organization. An empty cell leaves the current value
as it is. `template.py` builds the downloadable template from `COLUMNS`.
"""
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import RegistryError
from ..models import Capability, ClimateVersion, Organization
from .cells import (CellError, blank, clean_inn, clean_ogrn, clean_text, name_key, parse_bool, parse_decimal,
                    parse_int, parse_list, split_legal_form)
from .lookup import ReferenceLookup
from .records import CapRecord, RowRecord
from .report import ImportErrorCode, ImportReport


@dataclass(frozen=True)
class Column:
    key: str  # the model field it fills (capability fields carry a cap_ prefix where names clash)
    header: str
    aliases: tuple[str, ...]
    help: object  # lazy text
    examples: tuple[str, str] = ("", "")
    capability: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("inn", "ИНН", ("inn",), gettext_lazy("10 или 12 цифр с верной контрольной суммой. По ИНН организация "
                                                "находится в реестре и обновляется; без ИНН — по названию и региону."),
           ("7453000001", "7453000001")),
    Column("ogrn", "ОГРН", ("ogrn", "огрнип"), gettext_lazy("13 цифр (ОГРНИП — 15)."), ("", "")),
    Column("name", "Наименование", ("name", "наименование организации", "полное наименование", "организация"),
           gettext_lazy("Обязательно для новой организации. ОПФ в начале («ООО …») и кавычки отделяются."),
           ("Пример-РТИ", "Пример-РТИ")),
    Column("short_name", "Краткое наименование", ("short name", "краткое название"),
           gettext_lazy("Как организацию называют коротко."), ("Пример-РТИ", "")),
    Column("legal_form", "ОПФ", ("legal form", "организационно правовая форма"),
           gettext_lazy("Организационно-правовая форма: ООО, АО, ПАО …"), ("ООО", "")),
    Column("kind", "Тип организации", ("kind", "тип", "organization kind"),
           gettext_lazy("предприятие, индустриальный парк, орган власти, объединение, научная организация, "
                        "другое. По умолчанию — предприятие."), ("предприятие", "")),
    Column("region", "Регион", ("region", "субъект рф", "субъект"),
           gettext_lazy("Код («74»), название («Челябинская область») или краткое название («Челябинская»). "
                        "Обязателен для новой организации."), ("74", "")),
    Column("city", "Город", ("city", "населенный пункт"),
           gettext_lazy("Город из справочника городов региона; иначе оставьте пустым и укажите населённый пункт "
                        "в адресе."), ("Челябинск", "")),
    Column("address", "Адрес", ("address", "юридический адрес"), gettext_lazy("Почтовый адрес."),
           ("454000, г. Челябинск, ул. Примерная, 1", "")),
    Column("okved_main", "ОКВЭД2", ("okved2", "okved", "okved main", "основной оквэд2", "оквэд"),
           gettext_lazy("Основной код ОКВЭД2, например 22.19."), ("22.19", "")),
    Column("okved_extra", "Доп. ОКВЭД2", ("okved extra", "дополнительные оквэд2", "доп оквэд"),
           gettext_lazy("Дополнительные коды ОКВЭД2 через запятую."), ("22.29, 28.99", "")),
    Column("description", "Описание", ("description", "описание организации"),
           gettext_lazy("Чем занимается организация."), ("Резинотехнические изделия для техники Севера", "")),
    Column("website", "Сайт", ("website", "site", "url", "веб сайт"), gettext_lazy("Адрес сайта."),
           ("https://example.ru", "")),
    Column("email", "E-mail", ("email", "e mail", "электронная почта", "эл почта"), gettext_lazy("Почта для связи."),
           ("info@example.ru", "")),
    Column("phone", "Телефон", ("phone", "тел"), gettext_lazy("Телефон для связи."), ("+7 351 000-00-00", "")),
    Column("is_public", "Публичный", ("public", "is public", "публичный профиль"),
           gettext_lazy("да — профиль виден всем; нет — только сотрудникам региона. По умолчанию — да."),
           ("да", "")),
    Column("cap_name", "Продукция/услуга", ("product", "capability", "capability name", "product name", "продукция",
                                            "наименование продукции"),
           gettext_lazy("Наименование продукции, услуги или компетенции. Пусто — в строке только организация."),
           ("Манжеты резиновые морозостойкие", "Изготовление опытных образцов РТИ по ТЗ"), capability=True),
    Column("cap_kind", "Вид", ("capability kind", "product kind", "вид продукции"),
           gettext_lazy("продукция, услуга или компетенция. По умолчанию — продукция."), ("продукция", "услуга"),
           capability=True),
    Column("cap_description", "Описание продукции", ("capability description", "product description"),
           gettext_lazy("Подробности о продукции или услуге."), ("Для тормозных систем подвижного состава", ""),
           capability=True),
    Column("okpd2", "ОКПД2", ("okpd2", "okpd", "окпд", "код окпд2"),
           gettext_lazy("Код ОКПД2 из классификатора, например 22.19.73.110. Храните столбец как текст."),
           ("22.19.73.110", "72.19.29"), capability=True),
    Column("temp_min_c", "Т мин °C", ("t мин", "temp min c", "temp min", "мин температура", "температура мин"),
           gettext_lazy("Минимальная рабочая температура, целое число, °C."), ("-60", ""), capability=True),
    Column("temp_max_c", "Т макс °C", ("t макс", "temp max c", "temp max", "макс температура", "температура макс"),
           gettext_lazy("Максимальная рабочая температура, целое число, °C; не ниже минимальной."), ("100", ""),
           capability=True),
    Column("climate_version", "Климатическое исполнение", ("climate version", "климатическое исполнение гост 15150"),
           gettext_lazy("По ГОСТ 15150: У, УХЛ, ХЛ, ТВ, ТС, Т, О, М, ТМ, ОМ, В (категория размещения, "
                        "например «ХЛ1», допускается)."), ("ХЛ1", ""), capability=True),
    Column("materials", "Материалы", ("materials",), gettext_lazy("Через «;» или запятую."),
           ("резина; фторкаучук", ""), capability=True),
    Column("standards", "Стандарты", ("standards", "гост ту"), gettext_lazy("ГОСТ, ТУ, ISO — через «;» или запятую."),
           ("ГОСТ 9833-73", ""), capability=True),
    Column("annual_capacity", "Мощность в год", ("annual capacity", "годовая мощность", "мощность"),
           gettext_lazy("Число, можно с дробной частью."), ("100000", ""), capability=True),
    Column("capacity_unit", "Единица", ("capacity unit", "unit", "единица измерения", "ед изм"),
           gettext_lazy("Единица мощности: шт., т, м …"), ("шт.", ""), capability=True),
    Column("prototypes_to_spec", "Опытные образцы по ТЗ", ("prototypes to spec", "опытные образцы"),
           gettext_lazy("да — делаем опытные образцы по ТЗ заказчика."), ("да", "да"), capability=True),
    Column("certifications", "Сертификаты", ("certifications", "certificates"),
           gettext_lazy("Через «;» или запятую."), ("ISO 9001", ""), capability=True),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_CAP_FIELD = {"name": "cap_name", "kind": "cap_kind", "description": "cap_description"}


def normalize_header(text: str) -> str:
    """The form headers are compared in: folded, no brackets, no `*`, no °C, punctuation as spaces.

    >>> normalize_header("Т мин °C"), normalize_header("Публичный (да/нет)"), normalize_header("temp_min_c")
    ('т мин', 'публичный', 'temp min c')
    >>> normalize_header(" Доп. ОКВЭД2* ")
    'доп оквэд2'
    """
    text = re.sub(r"\(.*?\)", " ", (text or "").lower().replace("ё", "е"))
    text = re.sub(r"°\s*[cс]?", " ", text)
    return " ".join(re.sub(r"[^0-9a-zа-я]+", " ", text).split())


HEADER_INDEX: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADER_INDEX.setdefault(normalize_header(_name), _column.key)


def _choice(value: str, choices) -> str | None:
    """A choice by its value or its label, Russian or in the active language, whatever the page language is.

    >>> _choice("Продукция", Capability.Kind), _choice("service", Capability.Kind), _choice("товар", Capability.Kind)
    ('product', 'service', None)
    """
    text = " ".join(value.lower().replace("ё", "е").split())
    for choice in choices:
        with translation.override("ru"):
            russian = str(choice.label).lower().replace("ё", "е")
        if text in {choice.value, russian, str(choice.label).lower()}:
            return choice.value
    return None


_LATIN_TO_CYRILLIC = str.maketrans("XYTOMBHKACE", "ХУТОМВНКАСЕ")


def parse_climate(value: str) -> str:
    """A ГОСТ 15150 climate version; a placement category digit ("ХЛ1") and Latin look-alikes are accepted.

    >>> parse_climate("ХЛ1"), parse_climate("uhl 1".upper()), parse_climate("XЛ")
    ('ХЛ', 'УХЛ', 'ХЛ')
    """
    text = re.sub(r"[\s.]", "", value.upper()).replace("UHL", "УХЛ").translate(_LATIN_TO_CYRILLIC)
    text = re.sub(r"\d+$", "", text)
    if text in ClimateVersion.values:
        return text
    raise CellError(RegistryError.INVALID_VALUE, _("неизвестное климатическое исполнение «%(value)s» "
                                                   "(нужно одно из: %(choices)s)") % {
        "value": value, "choices": ", ".join(ClimateVersion.values)})


def parse_website(value: str) -> str:
    """A URL; "https://" is added when the cell has only the host.

    >>> parse_website("example.ru")
    'https://example.ru'
    """
    url = value.strip()
    if not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "https://" + url
    try:
        URLValidator()(url)
    except ValidationError:
        raise CellError(RegistryError.INVALID_VALUE, _("неверный адрес сайта «%(value)s»") % {"value": value})
    return url


def parse_email(value: str) -> str:
    email = value.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CellError(RegistryError.INVALID_VALUE, _("неверный e-mail «%(value)s»") % {"value": value})
    return email


class TemplateLayout:
    """Our template, as CSV or XLSX."""

    name = "template"
    strict = True

    def __init__(self, header: list[str], lookup: ReferenceLookup, *, filename: str):
        self.lookup = lookup
        self.filename = filename
        self.index: dict[str, int] = {}  # column key → position
        self.headers: dict[str, str] = {}  # column key → header as written in the file
        self.unknown: list[str] = []
        self.duplicates: list[str] = []
        for pos, text in enumerate(header):
            if not text.strip():
                continue
            key = HEADER_INDEX.get(normalize_header(text))
            if key is None:
                self.unknown.append(text)
            elif key in self.index:
                self.duplicates.append(text)
            else:
                self.index[key], self.headers[key] = pos, text

    def check_header(self, report: ImportReport) -> bool:
        if self.unknown:
            report.add(None, "", ImportErrorCode.UNKNOWN_COLUMNS,
                       _("неизвестные столбцы: %(cols)s. Ожидаются столбцы шаблона: %(known)s") % {
                           "cols": ", ".join(f"«{c}»" for c in self.unknown),
                           "known": ", ".join(c.header for c in COLUMNS)})
        if self.duplicates:
            report.add(None, "", ImportErrorCode.UNKNOWN_COLUMNS,
                       _("столбцы повторяются: %(cols)s") % {"cols": ", ".join(f"«{c}»" for c in self.duplicates)})
        if "inn" not in self.index and "name" not in self.index:
            report.add(None, "", ImportErrorCode.MISSING_COLUMNS,
                       _("нет ни столбца «ИНН», ни столбца «Наименование» — организацию не найти"))
        return report.ok

    def org_column(self, field_name: str) -> str:
        key = "okved_main" if field_name == "okved_main_id" else field_name.removesuffix("_id")
        return self.headers.get(key, COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else "")

    def cap_column(self, field_name: str) -> str:
        key = _CAP_FIELD.get(field_name, field_name.removesuffix("_id"))
        return self.headers.get(key, COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else "")

    def parse_row(self, row: int, cells: list[str], report: ImportReport) -> RowRecord | None:
        raw = {key: (cells[pos] if pos < len(cells) else "") for key, pos in self.index.items()}
        given = {key: value for key, value in raw.items() if not blank(value)}
        errors_before = len(report.errors)

        def fail(key: str, exc: CellError) -> None:
            report.add(row, self.headers.get(key, COLUMN_BY_KEY[key].header), exc.code, exc.message)

        org: dict = {}
        okved_extra = None
        for key in ("inn", "ogrn"):
            if key in given:
                try:
                    org[key] = (clean_inn if key == "inn" else clean_ogrn)(given[key])
                except CellError as exc:
                    fail(key, exc)
        if "name" in given:
            legal_form, org["name"] = split_legal_form(given["name"])
            if legal_form:
                org["legal_form"] = legal_form
        for key in ("short_name", "legal_form", "address", "description", "phone"):
            if key in given:
                org[key] = clean_text(given[key])
        if "kind" in given:
            kind = _choice(given["kind"], Organization.Kind)
            if kind is None:
                fail("kind", CellError(RegistryError.INVALID_VALUE, _("неизвестный тип организации «%(value)s»; "
                                                                      "нужно одно из: %(choices)s") % {
                    "value": given["kind"], "choices": ", ".join(str(c.label) for c in Organization.Kind)}))
            else:
                org["kind"] = kind
        if "region" in given:
            code = self.lookup.region_from_cell(given["region"])
            if code is None:
                fail("region", CellError(RegistryError.UNKNOWN_REGION, _("неизвестный регион «%(value)s»: нужен код "
                                                                         "(«74») или название") % {
                    "value": given["region"]}))
            else:
                org["region_id"] = code
        if "okved_main" in given:
            code = self.lookup.okved2_code(given["okved_main"])
            if code is None:
                fail("okved_main", CellError(RegistryError.UNKNOWN_OKVED2, _("нет такого кода ОКВЭД2: %(value)s") % {
                    "value": given["okved_main"]}))
            else:
                org["okved_main_id"] = code
        if "okved_extra" in given:
            items = [i for part in parse_list(given["okved_extra"]) for i in part.split(",") if i.strip()]
            unknown = [i.strip() for i in items if self.lookup.okved2_code(i) is None]
            if unknown:
                fail("okved_extra", CellError(RegistryError.UNKNOWN_OKVED2, _("нет таких кодов ОКВЭД2: %(value)s") % {
                    "value": ", ".join(unknown)}))
            else:
                okved_extra = sorted({self.lookup.okved2_code(i) for i in items})
        for key, parse in (("website", parse_website), ("email", parse_email), ("is_public", parse_bool)):
            if key in given:
                try:
                    org[key] = parse(given[key])
                except CellError as exc:
                    fail(key, exc)
        if "name" in given and not org.get("name"):
            fail("name", CellError(RegistryError.REQUIRED, _("в наименовании нет ничего, кроме ОПФ и кавычек")))
        if len(report.errors) > errors_before:
            return None  # the organization itself is wrong: its capability is not looked at
        capability = self._parse_capability(row, given, fail)
        if len(report.errors) > errors_before:
            return None
        return RowRecord(
            row=row, inn=org.get("inn", ""), name_key=name_key(org.get("name", "")), values=org,
            create_values={"source": "import", "source_ref": self.filename[:300]}, okved_extra=okved_extra,
            city_name=clean_text(given.get("city", "")), capability=capability)

    def _parse_capability(self, row: int, given: dict[str, str], fail) -> CapRecord | None:
        cap_keys = [c.key for c in COLUMNS if c.capability and c.key in given]
        if not cap_keys:
            return None
        if "cap_name" not in given:
            fail("cap_name", CellError(RegistryError.REQUIRED, _("не указано наименование продукции или услуги, "
                                                                 "а другие её столбцы заполнены")))
            return None
        cap: dict = {"name": clean_text(given["cap_name"])}
        if "cap_kind" in given:
            kind = _choice(given["cap_kind"], Capability.Kind)
            if kind is None:
                fail("cap_kind", CellError(RegistryError.INVALID_VALUE, _("неизвестный вид «%(value)s»: нужно "
                                                                          "«продукция», «услуга» или «компетенция»") % {
                    "value": given["cap_kind"]}))
            else:
                cap["kind"] = kind
        if "cap_description" in given:
            cap["description"] = given["cap_description"].strip()
        okpd2 = None
        if "okpd2" in given:
            okpd2 = self.lookup.okpd2_code(given["okpd2"])
            if okpd2 is None:
                fail("okpd2", CellError(RegistryError.UNKNOWN_OKPD2, _("нет такого кода ОКПД2: %(value)s") % {
                    "value": given["okpd2"]}))
            else:
                cap["okpd2_id"] = okpd2
        parsers = {"temp_min_c": parse_int, "temp_max_c": parse_int, "climate_version": parse_climate,
                   "materials": parse_list, "standards": parse_list, "certifications": parse_list,
                   "annual_capacity": parse_decimal, "capacity_unit": clean_text, "prototypes_to_spec": parse_bool}
        for key, parse in parsers.items():
            if key in given:
                try:
                    cap[key] = parse(given[key])
                except CellError as exc:
                    fail(key, exc)
        low, high = cap.get("temp_min_c"), cap.get("temp_max_c")
        if low is not None and high is not None and low > high:
            fail("temp_min_c", CellError(RegistryError.TEMP_RANGE, _("минимальная температура %(a)s °C выше "
                                                                     "максимальной %(b)s °C") % {"a": low, "b": high}))
        return CapRecord(row=row, name=cap["name"], okpd2=okpd2, values=cap, create_values={"source": "import"})
