"""Event pages under /events/."""
from django.urls import path, re_path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/event.xlsx", views.event_xlsx, name="event_xlsx"),
    path("<int:pk>/plan/", views.plan_visit, name="plan_visit"),
    path("<int:pk>/news/", views.link_news, name="link_news"),
    path("<int:pk>/schedule/", views.schedule_b2b, name="schedule_b2b"),
    path("<int:pk>/meetings/<int:meeting_id>/lock/", views.meeting_lock, name="meeting_lock"),
    path("<int:pk>/meetings/<int:meeting_id>/move/", views.meeting_move, name="meeting_move"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_id>/delete/", views.agenda_delete, name="agenda_delete"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:doc_id>/", views.document_download, name="document"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/requests/", views.request_meeting, name="request_meeting"),
    path("<int:pk>/requests/from-response/<int:response_id>/", views.request_from_response,
         name="request_from_response"),
    re_path(r"^(?P<pk>\d+)/requests/(?P<request_id>\d+)/(?P<answer>accept|decline)/$", views.answer_request,
            name="answer_request"),
    path("<int:pk>/participants/<int:participation_id>/", views.schedule, name="schedule"),
    path("<int:pk>/participants/<int:participation_id>/schedule.ics", views.schedule_ics, name="schedule_ics"),
    path("<int:pk>/participants/<int:participation_id>/schedule.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("<int:pk>/outcomes/meeting/<int:meeting_id>/", views.outcome_meeting, name="outcome_meeting"),
    path("<int:pk>/outcomes/stop/<int:org_id>/", views.outcome_stop, name="outcome_stop"),
]
