"""Error codes of cooperation validation (needs, offers, responses, saved searches).

Services raise Django ValidationError keyed by field with one of these codes;
pages show the message, the API returns the code as the error `type`.
"""
from enum import StrEnum


class CoopError(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "max_length"
    TEMP_RANGE = "temp_range"
    UNKNOWN_OKPD2 = "unknown_okpd2"
    UNKNOWN_REGION = "unknown_region"
    REGION_CONFLICT = "region_conflict"
    INVALID_VALUE = "invalid_value"
    INVALID_STATUS = "invalid_status"
    NOT_PUBLISHED = "not_published"
    OWN_NEED = "own_need"
    DUPLICATE_RESPONSE = "duplicate_response"
    EMPTY_SEARCH = "empty_search"
    BLANK_QUERY = "blank"
    INVALID_QUERY = "invalid"
