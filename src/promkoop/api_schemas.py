"""Schemas every API router shares (kept outside the apps so that any app may use them).

Every error the API answers has one shape, ninja's own for a refused request:
`{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`. `loc` says where the problem is —
`["body", "name"]`, `["query", "offset"]`, `["path", "org_id"]`, `["cookie", "sessionid"]` — and is
empty only when the refusal concerns no part of the request (a busy database). Some errors add
fields of their own (a deal's `missing`, an index build's `job`).
"""
import datetime as dt
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator
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
