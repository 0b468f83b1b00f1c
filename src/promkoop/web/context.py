"""Template context: the current user's role and the menu entries it opens
(permissions themselves are checked in registry.access)."""
from django.urls import NoReverseMatch, reverse

from promkoop.accounts.roles import role_of
from promkoop.registry.access import can_import


def _import_url() -> str | None:
    """The import page, once the registry routes it."""
    try:
        return reverse("registry:import")
    except NoReverseMatch:
        return None


def user_role(request):
    user = getattr(request, "user", None)
    return {
        "user_role": role_of(user),
        "import_url": _import_url() if can_import(user) else None,
    }
