"""Registry pages: organizations, capabilities, classifier browser, import."""
from django.urls import path, re_path

from .import_urls import urlpatterns as import_urlpatterns
from .views import capabilities, classifiers, organizations

app_name = "registry"
urlpatterns: list = [
    *import_urlpatterns,
    path("organizations/", organizations.organization_list, name="organizations"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/city-options/", organizations.city_options, name="city_options"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization"),
    path("organizations/<int:pk>/history/", organizations.organization_history, name="organization_history"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("organizations/<int:org_pk>/capabilities/new/", capabilities.capability_create,
         name="capability_create"),
    path("capabilities/", capabilities.capability_search, name="capabilities"),
    path("capabilities/export.xlsx", capabilities.capability_export, name="capabilities_export"),
    path("capabilities/<int:pk>/edit/", capabilities.capability_edit, name="capability_edit"),
    path("capabilities/<int:pk>/delete/", capabilities.capability_delete, name="capability_delete"),
    re_path(r"^classifiers/(?P<kind>okved2|okpd2)/$", classifiers.classifier_browser, name="classifier"),
    re_path(r"^classifiers/(?P<kind>okved2|okpd2)/(?P<code>[A-Z0-9.]{1,16})/children/$",
            classifiers.classifier_children, name="classifier_children"),
]
