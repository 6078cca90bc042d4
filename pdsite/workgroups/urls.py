"""URLs of the Work Group pages under /workgroups/ (namespace `workgroups`)."""

from django.urls import path

from . import views

app_name = "workgroups"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/book/", views.book, name="book"),
    path("<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/posts/", views.post, name="post"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("<int:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.csv", views.report_csv, name="report_csv"),
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("bookings/<int:pk>/endorse/", views.endorse, name="endorse"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/plan/", views.plan, name="plan"),
    path("workshops/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("workshops/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("participants/<int:pk>/focus/", views.focus, name="focus"),
    path("plans/<int:pk>/workshop/", views.plan_workshop, name="plan_workshop"),
]
