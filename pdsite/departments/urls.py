"""URLs of the departments pages under /departments/ (namespace `departments`)."""

from django.urls import path

from . import member_views, views

app_name = "departments"
urlpatterns = [
    path("", views.index, name="index"),
    path("notifications/", views.notifications, name="notifications"),
    path("schools/<slug:slug>/uptake/", views.report_uptake, name="report_uptake"),
    path("schools/<slug:slug>/uptake.csv", views.report_uptake_csv, name="report_uptake_csv"),
    path("videos/<int:video_id>/retention/", views.report_retention, name="report_retention"),
    path("videos/<int:video_id>/retention.csv", views.report_retention_csv, name="report_retention_csv"),
    path("<slug:slug>/", views.department_dashboard, name="dashboard"),
    path("<slug:slug>/members/", member_views.members, name="members"),
    path("<slug:slug>/members/remove/", member_views.members_remove, name="members_remove"),
    path("<slug:slug>/members/import/", member_views.members_import, name="members_import"),
    path("<slug:slug>/teams/", member_views.team_create, name="team_create"),
    path("<slug:slug>/workshops/new/", views.workshop_create, name="workshop_create"),
    path("<slug:slug>/workshops/<int:pk>/", views.workshop_detail, name="workshop"),
    path("<slug:slug>/workshops/<int:pk>/edit/", views.workshop_edit, name="workshop_edit"),
    path("<slug:slug>/workshops/<int:pk>/readiness.csv", views.workshop_roster_csv, name="workshop_roster_csv"),
    path("<slug:slug>/workshops/<int:pk>/attendance/", views.workshop_attendance, name="workshop_attendance"),
    path("<slug:slug>/workshops/<int:pk>/follow-up/", views.workshop_follow_up, name="workshop_follow_up"),
    path("<slug:slug>/assignments/", views.assignments, name="assignments"),
    path("<slug:slug>/reports/grid/", views.report_grid, name="report_grid"),
    path("<slug:slug>/reports/grid.csv", views.report_grid_csv, name="report_grid_csv"),
    # After the department patterns: a department slugged "invitations" keeps its pages.
    path("invitations/<str:token>/", member_views.invitation_accept, name="invitation_accept"),
]
