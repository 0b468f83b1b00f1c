"""Error codes of registry validation (shown to users, returned by the API)."""
from enum import StrEnum


class RegistryError(StrEnum):
    INVALID_INN = "invalid_inn"
    INVALID_OGRN = "invalid_ogrn"
    DUPLICATE_INN = "duplicate_inn"
    UNKNOWN_REGION = "unknown_region"
    UNKNOWN_CITY = "unknown_city"
    UNKNOWN_OKVED2 = "unknown_okved2"
    UNKNOWN_OKPD2 = "unknown_okpd2"
    REQUIRED = "required"
    TEMP_RANGE = "temp_range"
    INVALID_VALUE = "invalid_value"
    FORBIDDEN_REGION = "forbidden_region"
    INVALID_CODE = "invalid_code"
    UNKNOWN_CODE = "unknown_code"
