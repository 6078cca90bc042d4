"""Resumable upload endpoints, under /videos/uploads/ (names `videos:uploads:*`)."""

from django.urls import path

from . import upload_views

app_name = "uploads"
urlpatterns = [
    path("", upload_views.create, name="create"),
    path("<uuid:upload_id>/", upload_views.detail, name="detail"),
    path("<uuid:upload_id>/parts/", upload_views.parts, name="parts"),
    path("<uuid:upload_id>/chunk/", upload_views.chunk, name="chunk"),
    path("<uuid:upload_id>/complete/", upload_views.complete, name="complete"),
]
