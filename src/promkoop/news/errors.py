"""Error codes of the news app (shown to users, returned by the API), and `refusal`,
the ValidationError its services raise with one of them.

Refused input carries the engine's own code (`promkoop.nlp.InputErrorCode`: empty,
too_large, binary, undecodable, not_russian, no_article); these are the app's.
"""
from enum import StrEnum

from django.core.exceptions import ValidationError


class NewsError(StrEnum):
    INVALID_DATE = "invalid_date"
    NOT_REVIEWABLE = "not_reviewable"
    ALREADY_REVIEWED = "already_reviewed"
    NOT_A_CANDIDATE = "not_a_candidate"
    WRONG_TARGET = "wrong_target"
    NO_REGION = "no_region"
    FORBIDDEN_REGION = "forbidden_region"
    DRAFT_DONE = "draft_done"
    NOT_LINKED = "not_linked"
    NO_ORGANIZATION = "no_organization"
    WRONG_ORGANIZATION = "wrong_organization"
    FORBIDDEN_ORGANIZATION = "forbidden_organization"
    NO_TARGET = "required"
    TARGET_NOT_FOUND = "not_found"
    UNKNOWN_ACTION = "invalid"
    NO_INPUT = "empty"
    TWO_INPUTS = "both"


def refusal(code: NewsError, message: str, /, field: str = "fact", **params) -> ValidationError:
    """A ValidationError keyed by `field` with `code`; `message` is formatted with `params`."""
    return ValidationError({field: ValidationError(message, code=code, params=params)})
