"""Import API."""
from ninja import Router

router = Router(tags=["import"])
