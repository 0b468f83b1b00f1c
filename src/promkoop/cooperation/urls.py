"""Cooperation pages: needs, offers, responses, saved searches, notifications."""
from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/publish/", views.need_publish, name="need_publish"),
    path("needs/<int:pk>/close/", views.need_close, name="need_close"),
    path("needs/<int:pk>/respond/", views.need_respond, name="need_respond"),
    path("needs/<int:pk>/invite/", views.need_invite, name="need_invite"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
    path("responses/<int:pk>/messages/", views.response_message, name="response_message"),
    path("responses/<int:pk>/status/", views.response_status, name="response_status"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("offers/<int:pk>/close/", views.offer_close, name="offer_close"),
    path("searches/", views.saved_searches, name="saved_searches"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
]
