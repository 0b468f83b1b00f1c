"""News pages under /news/."""
from django.urls import path, re_path

from . import views

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="articles"),
    path("ingest/", views.ingest, name="ingest"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("review/", views.review, name="review"),
    re_path(r"^review/(?P<pk>\d+)/(?P<action>accept|merge|create|reject)/$", views.review_action,
            name="review_action"),
    path("review/<int:pk>/search/", views.review_search, name="review_search"),
    re_path(r"^drafts/(?P<kind>need|offer)/(?P<pk>\d+)/(?P<action>confirm|reject)/$", views.draft_action,
            name="draft_action"),
    path("timeline/", views.timeline_page, name="timeline"),
]
