"""Pathway URLs, under /progress/ (as before the move), named pathways:<name>."""

from django.urls import path

from . import views

app_name = "pathways"
urlpatterns = [
    path("pathways/<slug:slug>/", views.pathway_detail, name="pathway"),
    path("pathways/<slug:slug>/steps/<int:step_id>/", views.step_submit, name="step_submit"),
    path("evidence/<int:progress_id>/", views.evidence, name="evidence"),
    path("mentees/", views.mentees, name="mentees"),
    path("mentees/<int:user_id>/<slug:slug>/", views.mentee_pathway, name="mentee_pathway"),
    path("mentees/<int:user_id>/<slug:slug>/steps/<int:step_id>/", views.mentor_action, name="mentor_action"),
]
