"""Limit/offset paging for every API list, with bounds the database can take.

ninja's LimitOffsetPagination leaves `offset` unbounded: `?offset=99999999999999999999` reached
SQLite as an integer it cannot hold and answered 500. Here both parameters are bounded in the
schema (so the OpenAPI document says so too) and a value outside answers 422 naming the field.
"""
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Past any real list and well inside a signed 64-bit integer (SQLite, PostgreSQL's bigint).
OFFSET_MAX = 1_000_000_000
LIMIT_DEFAULT = 100
LIMIT_MAX = 500


class Paging(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Сколько записей вернуть")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description="Сколько записей пропустить")
