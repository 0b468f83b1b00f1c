"""A version of what the registry holds, read cheaply on every request that remembers an answer
computed from it (`promkoop.memo`): it changes whenever an organization or a capability is added,
deleted, edited or made public or private (saves set `updated_at`; the indexes on it keep the
maxima cheap)."""
from django.db.models import Count, Max, Q

from .models import Capability, Organization


def registry_version() -> tuple:
    caps = Capability.objects.aggregate(n=Count("pk"), top=Max("pk"), updated=Max("updated_at"))
    orgs = Organization.objects.aggregate(n=Count("pk"), top=Max("pk"), updated=Max("updated_at"),
                                          public=Count("pk", filter=Q(is_public=True)))
    return (caps["n"], caps["top"], caps["updated"], orgs["n"], orgs["top"], orgs["updated"], orgs["public"])
