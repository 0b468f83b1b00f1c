"""Parsing one cell: numbers, yes/no, lists, ИНН, legal forms in names.

Pure functions shared by the template columns and the ГИСП layout. Each
returns the value or raises `CellError` with a message for the user; the
caller knows the row and column and turns it into a `RowError`.
"""
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..errors import RegistryError
from ..inn import is_valid_inn, is_valid_ogrn
from ..models import fold

EMPTY_MARKS = {"", "-", "—", "–", "нет данных", "n/a"}


class CellError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = str(code)
        self.message = message


def blank(value: str | None) -> bool:
    """Open data writes "-" for no value.

    >>> blank(" - "), blank("0")
    (True, False)
    """
    return (value or "").strip().lower() in EMPTY_MARKS


def clean_text(value: str | None) -> str:
    return "" if blank(value) else " ".join(value.split())


_YES = {"да", "д", "yes", "y", "true", "t", "1", "+", "истина", "есть"}
_NO = {"нет", "н", "no", "n", "false", "f", "0", "ложь"}


def parse_bool(value: str) -> bool | None:
    """да/нет (also yes/no, 1/0, +/-); None for an empty cell.

    >>> parse_bool("Да"), parse_bool("no"), parse_bool("")
    (True, False, None)
    """
    text = (value or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO or text == "-":
        return False
    if not text:
        return None
    raise CellError(RegistryError.INVALID_VALUE, _("нужно «да» или «нет», а не «%(value)s»") % {"value": value})


def _number_text(value: str) -> str:
    return (value.replace("\u2212", "-").replace("\u2013", "-").replace("\xa0", "").replace("\u202f", "")
            .replace(" ", "").replace(",", ".").removesuffix("°C").removesuffix("°С").removesuffix("°"))


def parse_int(value: str) -> int | None:
    """A whole number; the unicode minus and "°C" are accepted.

    >>> parse_int("−60"), parse_int("+50 °C"), parse_int("-40,0"), parse_int("")
    (-60, 50, -40, None)
    """
    if blank(value):
        return None
    text = _number_text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise CellError(RegistryError.INVALID_VALUE, _("нужно целое число, а не «%(value)s»") % {"value": value})
    if abs(number) > 10 ** 6:
        raise CellError(RegistryError.INVALID_VALUE, _("число «%(value)s» вне разумных пределов") % {"value": value})
    return int(number)


def parse_decimal(value: str) -> Decimal | None:
    """A non-negative number with `,` or `.` and spaces between thousands.

    >>> parse_decimal("1 500,5"), parse_decimal("")
    (Decimal('1500.5'), None)
    """
    if blank(value):
        return None
    try:
        number = Decimal(_number_text(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(RegistryError.INVALID_VALUE, _("нужно число, а не «%(value)s»") % {"value": value})
    if number < 0:
        raise CellError(RegistryError.INVALID_VALUE, _("число не может быть отрицательным (%(value)s)") % {
            "value": value})
    if number >= Decimal(10) ** 12:
        raise CellError(RegistryError.INVALID_VALUE, _("слишком большое число (%(value)s)") % {"value": value})
    return number.quantize(Decimal("0.01")) if number.as_tuple().exponent < -2 else number


def parse_list(value: str) -> list[str]:
    """Items separated by `;` (or by `,` when there is no `;`), blanks dropped, order kept, no repeats.

    >>> parse_list("резина; фторкаучук ;резина"), parse_list("ГОСТ 9833-73, ТУ 38.105"), parse_list("-")
    (['резина', 'фторкаучук'], ['ГОСТ 9833-73', 'ТУ 38.105'], [])
    """
    if blank(value):
        return []
    parts = value.split(";") if ";" in value else value.split(",")
    items: list[str] = []
    for part in parts:
        item = " ".join(part.split())
        if item and item not in items:
            items.append(item)
    return items


def clean_inn(value: str) -> str:
    """A valid ИНН or "" for an empty cell. Excel drops a leading zero; it is put back when that makes a
    valid ИНН.

    >>> clean_inn(" 7707083893 "), clean_inn("")
    ('7707083893', '')
    >>> clean_inn("7707083890")
    Traceback (most recent call last):
    ...
    promkoop.registry.importers.cells.CellError: неверная контрольная сумма (7707083890)
    """
    text = re.sub(r"[\s\xa0]", "", value or "")
    if blank(text):
        return ""
    if text.isdigit() and len(text) in (9, 11) and is_valid_inn("0" + text):
        return "0" + text
    if not text.isdigit() or len(text) not in (10, 12):
        raise CellError(RegistryError.INVALID_INN, _("ИНН должен состоять из 10 или 12 цифр (%(value)s)") % {
            "value": value.strip()})
    if not is_valid_inn(text):
        raise CellError(RegistryError.INVALID_INN, _("неверная контрольная сумма (%(value)s)") % {"value": text})
    return text


def clean_ogrn(value: str) -> str:
    text = re.sub(r"[\s\xa0]", "", value or "")
    if blank(text):
        return ""
    if not re.fullmatch(r"\d{13}|\d{15}", text):
        raise CellError(RegistryError.INVALID_OGRN, _("ОГРН должен состоять из 13 или 15 цифр (%(value)s)") % {
            "value": value.strip()})
    if not is_valid_ogrn(text):
        raise CellError(RegistryError.INVALID_OGRN, _("неверная контрольная цифра ОГРН (%(value)s)") % {
            "value": text})
    return text


# Legal forms as written in registries: the abbreviation and the spelled-out forms, longest first.
LEGAL_FORMS: list[tuple[str, tuple[str, ...]]] = [
    ("ПАО", ("публичное акционерное общество",)),
    ("НАО", ("непубличное акционерное общество",)),
    ("ЗАО", ("закрытое акционерное общество",)),
    ("ОАО", ("открытое акционерное общество",)),
    ("АО", ("акционерное общество",)),
    ("ООО", ("общество с ограниченной ответственностью",)),
    ("ОДО", ("общество с дополнительной ответственностью",)),
    ("ФГУП", ("федеральное государственное унитарное предприятие",)),
    ("МУП", ("муниципальное унитарное предприятие",)),
    ("ГУП", ("государственное унитарное предприятие",)),
    ("ФГБУ", ("федеральное государственное бюджетное учреждение",)),
    ("ФГАОУ ВО", ("федеральное государственное автономное образовательное учреждение высшего образования",)),
    ("ФГБОУ ВО", ("федеральное государственное бюджетное образовательное учреждение высшего образования",)),
    ("АНО", ("автономная некоммерческая организация",)),
    ("ПК", ("производственный кооператив",)),
    ("ИП", ("индивидуальный предприниматель",)),
]
_QUOTES = "«»\"“”„'`"


def strip_quotes(name: str) -> str:
    """Drop quotes of every kind and the spaces they leave.

    >>> strip_quotes('«Завод «Пластмасс»»'), strip_quotes('"ЧТЗ-УРАЛТРАК"')
    ('Завод Пластмасс', 'ЧТЗ-УРАЛТРАК')
    """
    return " ".join(name.translate({ord(q): " " for q in _QUOTES}).split())


def split_legal_form(name: str) -> tuple[str, str]:
    """(legal form, name without it and without quotes).

    >>> split_legal_form('ООО "УРАЛЬСКИЙ ЗАВОД РТИ"')
    ('ООО', 'УРАЛЬСКИЙ ЗАВОД РТИ')
    >>> split_legal_form('ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «РОСЛАВЛЬСКИЕ ТОРМОЗНЫЕ СИСТЕМЫ»')
    ('ООО', 'РОСЛАВЛЬСКИЕ ТОРМОЗНЫЕ СИСТЕМЫ')
    >>> split_legal_form('Акционерное общество «Уралтрак»'), split_legal_form('Завод «Пластмасс», АО')
    (('АО', 'Уралтрак'), ('АО', 'Завод Пластмасс'))
    >>> split_legal_form('Аорта'), split_legal_form('ПАО Сбербанк')
    (('', 'Аорта'), ('ПАО', 'Сбербанк'))
    """
    text = " ".join((name or "").split())
    folded = fold(text)
    for abbr, spelled in LEGAL_FORMS:
        for prefix in (*spelled, fold(abbr)):
            if folded.startswith(prefix) and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum()):
                rest = text[len(prefix):].strip(" ,")
                if rest:
                    return abbr, strip_quotes(rest)
    if match := _TRAILING_FORM.search(text):
        abbr = next(a for a, _spelled in LEGAL_FORMS if a.lower() == match.group(1).lower())
        return abbr, strip_quotes(text[: match.start()])
    return "", strip_quotes(text)


# `Завод «Пластмасс», АО` or `Завод «Пластмасс» АО`: a trailing form after a comma or a closing quote.
_TRAILING_FORM = re.compile(
    r"(?:,\s*|(?<=[»\"”])\s+)(" + "|".join(re.escape(a) for a, _s in LEGAL_FORMS) + r")\s*$", re.IGNORECASE)


def name_key(name: str) -> str:
    """The key organizations without ИНН are matched by: no legal form, no quotes, folded.

    >>> name_key('ООО «Ёлка-Пласт»') == name_key('Елка-Пласт')
    True
    """
    return fold(split_legal_form(name)[1])
