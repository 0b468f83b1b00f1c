"""Error codes of event validation (events, participants, agenda, documents, B2B meetings, outcomes).

Services raise Django ValidationError keyed by field with one of these codes;
pages show the message, the API returns the code as the error `type`.
"""
from enum import StrEnum


class EventError(StrEnum):
    REQUIRED = "required"
    INVALID_VALUE = "invalid_value"
    DATE_ORDER = "date_order"
    UNKNOWN_REGION = "unknown_region"
    REGION_CONFLICT = "region_conflict"
    ALREADY_REGISTERED = "already_registered"
    NOT_PARTICIPANT = "not_participant"
    SELF_MEETING = "self_meeting"
    DUPLICATE_REQUEST = "duplicate_request"
    INVALID_STATUS = "invalid_status"
    UNKNOWN_SLOT = "unknown_slot"
    SLOT_TAKEN = "slot_taken"
    TABLE_TAKEN = "table_taken"
    NO_TABLE = "no_table"
    LOCKED = "locked"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    INVALID_ITINERARY = "invalid_itinerary"
    NOT_A_STOP = "not_a_stop"
    DUPLICATE_OUTCOME = "duplicate_outcome"
