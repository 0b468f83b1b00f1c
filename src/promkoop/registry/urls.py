"""Registry pages."""
from django.urls import path

from .import_urls import urlpatterns as import_urlpatterns

app_name = "registry"
urlpatterns: list = [
    *import_urlpatterns,
]
