"""The root URLconf: sign-in, the admin, each app's URLs, then Wagtail's page serving."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pdsite.accounts.forms import SignInForm
from pdsite.home import views as home_views
from pdsite.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (issue #16): allauth's provider sign-in under /sso/, pending members under /accounts/.
    path("sso/", include("allauth.urls")),
    path("accounts/", include("pdsite.accounts.urls")),
    path("search/", search_views.search, name="search"),
    path("my-learning/", include("pdsite.home.urls")),
    path("progress/", include("pdsite.progress.urls")),
    path("progress/", include("pdsite.pathways.urls")),
    path("videos/", include("pdsite.videos.urls")),
    path("departments/", include("pdsite.departments.urls")),
    path("cycles/", include("pdsite.cycles.urls")),
    path("feedback/", include("pdsite.feedback.urls")),
    path("recordings/", include("pdsite.lessons.urls")),
    path("workgroups/", include("pdsite.workgroups.urls")),
    path("lti/", include("pdsite.lti.urls")),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path("", include("pdsite.ops.urls")),  # /healthz, /readyz, /metrics
]
# No static /media/ route in any settings module: stored files (sources, segments, ECT task
# evidence) are private. Local media reaches a browser only through the signed, per-file view
# (videos:media) or a page's own view; S3 media through presigned URLs.

urlpatterns += [path("", include(wagtail_urls))]
