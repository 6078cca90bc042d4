"""URLs of feedback under /feedback/ (namespace `feedback`)."""

from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("videos/<int:video_id>/comments/", views.video_comments, name="video_comments"),
    path("comments/<int:comment_id>/replies/", views.comment_reply, name="reply"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:comment_id>/resolve/", views.comment_resolve, name="resolve"),
    path("comments/<int:comment_id>/unresolve/", views.comment_unresolve, name="unresolve"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="delete"),
    path("departments/<slug:slug>/tags/", views.tag_report, name="tag_report"),
]
