"""Why an input was refused: `InputError` and its codes.

Raised by `loading` (and so by `extract`) before any analysis runs; the CLI prints
the message and exits non-zero.
"""
from enum import StrEnum


class InputErrorCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    NOT_RUSSIAN = "not_russian"
    NO_ARTICLE = "no_article"


class InputError(ValueError):
    """An input the engine will not analyse, with a code and a message for people."""

    def __init__(self, code: InputErrorCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
