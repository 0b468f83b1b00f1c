"""Agreement pages under /agreements/."""
from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="agreements"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement"),
    path("<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/status/", views.agreement_status, name="agreement_status"),
    path("<int:pk>/document/", views.document_download, name="document"),
]
