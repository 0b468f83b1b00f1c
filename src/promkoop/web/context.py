"""Template context: the current user's role, for menus (permissions are checked in registry.access)."""
from promkoop.registry.access import role_of


def user_role(request):
    return {"user_role": role_of(getattr(request, "user", None))}
