"""Home page: what the registry holds (counted over what the visitor may see) and a search box;
the login page."""
from django.contrib.auth import views as auth_views
from django.db.models import Count
from django.shortcuts import render

from promkoop.memo import Memo, viewer_key
from promkoop.registry import access
from promkoop.registry.models import Organization, Region
from promkoop.registry.versions import registry_version


def home(request):
    key = ("home", registry_version(), viewer_key(request.user))
    return render(request, "web/home.html", _HOME.get(key, lambda: _home_context(request.user)))


# Every visitor's first page: six aggregate queries over the whole registry, asked again only when
# the registry changes (`registry_version`).
_HOME = Memo(size=512)


def _home_context(user) -> dict:
    organizations = access.visible_organizations(user)
    capabilities = access.visible_capabilities(user)
    top_regions = (Region.objects.filter(organizations__in=organizations)
                   .annotate(n=Count("organizations", distinct=True)).order_by("-n", "name")[:8])
    return {
        "counts": {
            "organizations": organizations.count(),
            "capabilities": capabilities.count(),
            "parks": organizations.filter(kind=Organization.Kind.INDUSTRIAL_PARK).count(),
            "regions": organizations.values("region").distinct().count(),
            "prototypes": capabilities.filter(prototypes_to_spec=True).count(),
        },
        "top_regions": list(top_regions),
        "recent": list(organizations.select_related("region").order_by("-created_at", "-id")[:6]),
    }


def locked_out(request, credentials, *args, **kwargs):
    """django-axes calls this when a user name and address are locked out (too many wrong passwords)."""
    from django.conf import settings

    minutes = max(1, round(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "web/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}, status=429)


class LoginView(auth_views.LoginView):
    """Signing in leads to `next` — except to the home page, where the header's «Войти» link points
    from there: then to the role's start page (LOGIN_REDIRECT_URL), as with no `next` at all."""

    template_name = "web/login.html"

    def get_redirect_url(self) -> str:
        url = super().get_redirect_url()
        return "" if url == "/" else url
