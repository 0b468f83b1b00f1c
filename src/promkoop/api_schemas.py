"""Schemas every API router shares (kept outside the apps so that any app may use them).

Every error the API answers has one shape, ninja's own for a refused request:
`{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`. `loc` says where the problem is —
`["body", "name"]`, `["query", "offset"]`, `["path", "org_id"]`, `["cookie", "sessionid"]` — and is
empty only when the refusal concerns no part of the request (a busy database). Some errors add
fields of their own (a deal's `missing`, an index build's `job`).
"""
import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from annotated_types import Ge, Le
from ninja import Field, File, Schema
from ninja.files import UploadedFile
from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError


class ErrorDetailOut(Schema):
    loc: list[str | int] = Field(..., description="где ошибка: часть запроса и поле")
    msg: str
    type: str = Field(..., description="код ошибки")


class ErrorOut(Schema):
    detail: list[ErrorDetailOut]


def error_body(type_: str, msg: str, loc: tuple | list = ()) -> dict:
    """An error in the API's one shape."""
    return {"detail": [{"loc": list(loc), "msg": str(msg), "type": type_}]}


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value):
    """Only what the document promises (format: date): pydantic alone also takes 0 or "86400" as a
    Unix time, so a schema-violating request was accepted."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", "Input should be a date as YYYY-MM-DD")


# A date in a request (body or query): YYYY-MM-DD and nothing else.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


# Digits a JSON number carries exactly through a float (the body is parsed by json.loads): a decimal
# with more significant digits travels as a string.
FLOAT_DIGITS = 15


def decimal_in(max_digits: int, decimal_places: int, *, signed: bool = False) -> type[Decimal]:
    """A decimal in a request, as the document states it: a JSON number (below 10^digits, a multiple of
    10^-places, not negative unless `signed`) or a string of digits with at most `decimal_places` after
    the point. pydantic alone also took "", " 1", "1e3" and more places than declared, so schema-valid
    requests were refused as schema errors and schema-violating ones accepted."""
    whole = max_digits - decimal_places
    sign = "-?" if signed else ""
    fraction = rf"(\.\d{{1,{decimal_places}}})?" if decimal_places else ""
    pattern = rf"^{sign}\d{{1,{whole}}}{fraction}$"
    text = re.compile(pattern)
    limit = 10 ** min(whole, FLOAT_DIGITS - decimal_places)
    step = Decimal(1).scaleb(-decimal_places)
    number: dict = {"type": "number", "exclusiveMaximum": limit, "multipleOf": float(step)}
    number.update({"exclusiveMinimum": -limit} if signed else {"minimum": 0})
    bounds = f"between -{limit} and {limit}" if signed else f"from 0 below {limit}"

    def check(value):
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str):
            if text.fullmatch(value):
                return value
            raise PydanticCustomError("decimal_format", "Input should be digits with at most {places} after "
                                      "the point", {"places": decimal_places})
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if exact.is_finite() and -limit < exact < limit and (signed or exact >= 0) and exact % step == 0:
                return exact
            raise PydanticCustomError("decimal_number", "Input should be a number {range} with at most {places} "
                                      "decimal places", {"range": bounds, "places": decimal_places})
        raise PydanticCustomError("decimal_type", "Input should be a number or a string of digits")

    return Annotated[Decimal, BeforeValidator(check),
                     WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]})]


def _json_integer(value):
    """A JSON integer (7, or 7.0, which JSON Schema counts as one): pydantic alone also took false and
    "7" for 0 and 7, which the document refuses."""
    if isinstance(value, (bool, str, bytes)):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


# A record named by its id in a JSON body: a positive integer (0 or -1 names nothing, and the document
# says so), never a boolean or a string.
RecordId = Annotated[int, Ge(1), Le(2 ** 63 - 1), BeforeValidator(_json_integer)]


# An uploaded file, as multipart's `file` part: never empty (an empty file is no import and no document;
# each upload refuses it with a code of its own, naming the file).
NonEmptyFile = Annotated[
    Annotated[UploadedFile, WithJsonSchema({"type": "string", "format": "binary", "minLength": 1})], File()]


# What "blank" means, spelled out so that the document's regex (ECMA-262) and the server (Python) agree on
# it: Unicode White_Space with ECMA's BOM and Python's information separators (str.strip takes those too).
BLANK = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_BLANK_CHARS = "".join(chr(c) for c in [*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680,
                                        *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF])


def _trimmed(value: str) -> str:
    return value.strip(_BLANK_CHARS)


def text_in(max_length: int, *, required: bool = False) -> type[str]:
    """A text in a request, trimmed of blanks at both ends. Its lengths are counted as sent, which is what
    the document's minLength/maxLength say (pydantic's strip_whitespace counted them after trimming: a
    blank name passed the document and was refused as too short). A required text holds a non-blank
    character, stated as the pattern."""
    constraints = StringConstraints(min_length=1 if required else None, max_length=max_length,
                                    pattern=f"[^{BLANK}]" if required else None)
    return Annotated[str, constraints, AfterValidator(_trimmed)]
