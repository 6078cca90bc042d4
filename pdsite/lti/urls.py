"""The LTI 1.3 URLs under /lti/, named lti:*: the tool's key set, OIDC login, launch, the pages
a launch opens (clip, module), the Deep Linking picker and the course roster."""

from django.urls import path

from . import views

app_name = "lti"

urlpatterns = [
    path("jwks/", views.jwks, name="jwks"),
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("clip/<int:page_id>/", views.clip, name="clip"),
    path("module/<int:page_id>/", views.module, name="module"),
    path("pick/<str:launch_id>/", views.picker, name="picker"),
    path("roster/", views.roster, name="roster"),
]
