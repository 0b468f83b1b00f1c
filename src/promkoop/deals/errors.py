"""Error codes of deal validation.

Services raise Django ValidationError keyed by field with one of these codes;
pages show the message, the API returns the code as the error `type`.
"""
from enum import StrEnum


class DealError(StrEnum):
    REQUIRED = "required"
    INVALID_VALUE = "invalid_value"
    SAME_PARTY = "same_party"
    UNKNOWN_STAGE = "unknown_stage"
    SAME_STAGE = "same_stage"
    GATE = "stage_gate"            # a stage entered without what it needs
    REASON_REQUIRED = "reason_required"  # moving back or losing a deal needs a reason
    CLOSED = "closed"              # a lost deal is reopened only by moving it back with a reason
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    FILE_EMPTY = "file_empty"
    ORIGIN = "invalid_origin"
    DUPLICATE = "duplicate_deal"   # a second deal from the same response
