"""URLs of sign-in under /accounts/ (namespace `accounts`): heads of department decide on the
people who asked to join their school. (allauth's own sign-in URLs are under /sso/.)"""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("pending/", views.pending_list, name="pending"),
    path("pending/<int:pk>/approve/", views.pending_approve, name="pending_approve"),
    path("pending/<int:pk>/refuse/", views.pending_refuse, name="pending_refuse"),
]
