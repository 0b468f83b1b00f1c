"""Error codes of agreement validation: services raise ValidationError keyed by field with one of
these codes; pages show the message, the API returns the code as the error `type`."""
from enum import StrEnum


class AgreementError(StrEnum):
    REQUIRED = "required"
    INVALID_VALUE = "invalid_value"
    PARTIES = "parties"              # the parties do not fit the kind
    DATES = "dates"                  # valid_until before date_signed
    UNKNOWN_STATUS = "unknown_status"
    SAME_STATUS = "same_status"
    TRANSITION = "status_transition"  # a status change the lifecycle does not allow
    GATE = "status_gate"             # a status entered without what it needs (the signing date)
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    LINK = "invalid_link"            # an event or deal that cannot be linked
