"""Schemas every API router shares (kept outside the apps so that any app may use them)."""
from ninja import Schema


class ErrorOut(Schema):
    detail: str
