"""URLs of the cycles pages under /cycles/ (namespace `cycles`)."""

from django.urls import path

from . import views

app_name = "cycles"
urlpatterns = [
    path("", views.index, name="index"),
    path("departments/<slug:slug>/", views.department_cycles, name="department"),
    path("departments/<slug:slug>/new/<str:kind>/", views.cycle_create, name="create"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/edit/", views.cycle_edit, name="edit"),
    path("<int:pk>/close/", views.cycle_close, name="close"),
    path("<int:pk>/steps/<int:step_id>/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_id>/done/", views.step_done, name="step_done"),
]
