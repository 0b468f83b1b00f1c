"""Registry API: regions, classifiers, organizations, capabilities."""
from ninja import Router

router = Router(tags=["registry"])
