"""URL map: pages per app, the API under /api/, admin, language switch."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("promkoop.registry.urls")),
    path("cooperation/", include("promkoop.cooperation.urls")),
    path("news/", include("promkoop.news.urls")),
    path("jobs/", include("promkoop.background.urls")),
    path("events/", include("promkoop.events.urls")),
    path("deals/", include("promkoop.deals.urls")),
    path("analytics/", include("promkoop.analytics.urls")),
    path("agreements/", include("promkoop.agreements.urls")),
    path("start/", include("promkoop.start.urls")),
    path("", include("promkoop.web.urls")),
]

handler400 = "promkoop.web.errors.bad_request"
handler403 = "promkoop.web.errors.permission_denied"
handler404 = "promkoop.web.errors.page_not_found"
handler500 = "promkoop.web.errors.server_error"
