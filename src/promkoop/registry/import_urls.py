"""Import pages (upload, report, template download)."""
from django.urls import path

from . import import_views

urlpatterns: list = [
    path("import/", import_views.import_page, name="import"),
    path("import/template.xlsx", import_views.import_template_xlsx, name="import_template_xlsx"),
    path("import/template.csv", import_views.import_template_csv, name="import_template_csv"),
]
