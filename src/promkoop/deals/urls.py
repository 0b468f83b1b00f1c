"""Deal pages: list, board, new deal, a deal's page and its forms, document downloads."""
from django.urls import path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="deals"),
    path("board/", views.board, name="board"),
    path("new/", views.deal_create, name="deal_create"),
    path("from-response/<int:response_id>/", views.deal_from_response, name="from_response"),
    path("<int:pk>/", views.deal_detail, name="deal"),
    path("<int:pk>/edit/", views.deal_edit, name="deal_edit"),
    path("<int:pk>/move/", views.deal_move, name="deal_move"),
    path("<int:pk>/comment/", views.deal_comment, name="deal_comment"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:doc>/", views.document_download, name="document"),
]
