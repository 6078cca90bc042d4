"""URLs of the recordings pages under /recordings/ (namespace `lessons`)."""

from django.urls import path

from . import views

app_name = "lessons"
urlpatterns = [
    path("", views.index, name="index"),
    path("record/", views.record, name="record"),
    path("uploads/<uuid:upload_id>/complete/", views.upload_complete, name="upload_complete"),
    path("<int:pk>/", views.recording_detail, name="recording"),
    path("<int:pk>/share/", views.share_create, name="share"),
    path("<int:pk>/shares/<int:share_id>/revoke/", views.share_revoke, name="revoke"),
    path("<int:pk>/delete/", views.recording_delete, name="delete"),
    path("policy/<slug:slug>/", views.policy, name="policy"),
]
