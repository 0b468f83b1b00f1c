from django.urls import path

from . import views

app_name = "background"
urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/file/", views.job_file, name="job_file"),
]
