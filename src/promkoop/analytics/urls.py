"""Analytics pages: /analytics/ (the KPI page) and /analytics/pair/<a>/<b>/ (a region pair)."""
from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.kpi_page, name="kpi"),
    path("pair/<str:a>/<str:b>/", views.pair_page, name="pair"),
]
