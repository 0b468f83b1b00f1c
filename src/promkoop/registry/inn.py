"""Check digits of Russian tax and registration numbers (ИНН, ОГРН, ОГРНИП).

Pure functions used by model validation, importers and the demo generator.

>>> is_valid_inn("7707083893")      # ПАО Сбербанк
True
>>> is_valid_inn("7707083890")
False
>>> is_valid_inn("500100732259")    # a valid 12-digit (individual) ИНН
True
>>> is_valid_ogrn("1027700132195")  # ПАО Сбербанк
True
>>> is_valid_ogrn("1027700132194")
False
"""
import re

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_check_digits(body: str) -> str:
    """Check digits for a 9-digit (legal entity) or 10-digit (individual) ИНН body.

    >>> inn_check_digits("770708389")
    '3'
    """
    if len(body) == 9:
        return str(_check_digit(body, _INN10_WEIGHTS))
    if len(body) == 10:
        first = str(_check_digit(body, _INN12_WEIGHTS_1))
        return first + str(_check_digit(body + first, _INN12_WEIGHTS_2))
    raise ValueError(f"ИНН body must have 9 or 10 digits, got {len(body)}")


def is_valid_inn(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{10}|[0-9]{12}", value or ""):  # ASCII digits only: \d also matches "７"
        return False
    if value[:2] == "00":
        return False
    return value[len(value) - (1 if len(value) == 10 else 2):] == inn_check_digits(
        value[: 9 if len(value) == 10 else 10]
    )


def ogrn_check_digit(body: str) -> str:
    """Check digit for a 12-digit ОГРН body or a 14-digit ОГРНИП body.

    >>> ogrn_check_digit("102770013219")
    '5'
    """
    if len(body) == 12:
        return str(int(body) % 11 % 10)
    if len(body) == 14:
        return str(int(body) % 13 % 10)
    raise ValueError(f"ОГРН body must have 12 or 14 digits, got {len(body)}")


def is_valid_ogrn(value: str) -> bool:
    """ОГРН (13 digits) or ОГРНИП (15 digits) with a valid check digit."""
    if not re.fullmatch(r"[1-9][0-9]{12}|[1-9][0-9]{14}", value or ""):
        return False
    return value[-1] == ogrn_check_digit(value[:-1])
