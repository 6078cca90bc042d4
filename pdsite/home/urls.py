"""URLs of home: My learning."""

from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
]
