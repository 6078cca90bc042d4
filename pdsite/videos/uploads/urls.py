"""Resumable upload endpoints, under /videos/uploads/ (names `videos:uploads:*`)."""

from django.urls import path

from . import views

app_name = "uploads"
urlpatterns = [
    path("", views.create, name="create"),
    path("<uuid:upload_id>/", views.detail, name="detail"),
    path("<uuid:upload_id>/parts/", views.parts, name="parts"),
    path("<uuid:upload_id>/chunk/", views.chunk, name="chunk"),
    path("<uuid:upload_id>/complete/", views.complete, name="complete"),
]
