"""The root URLconf: sign-in, the admin, each app's URLs, then Wagtail's page serving."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from pdsite.search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("search/", search_views.search, name="search"),
    path("my-learning/", include("pdsite.home.urls")),
    path("progress/", include("pdsite.progress.urls")),
    path("progress/", include("pdsite.pathways.urls")),
    path("videos/", include("pdsite.videos.urls")),
    path("departments/", include("pdsite.departments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Local media (HLS segments, posters) in the embedded default; S3 serves them otherwise.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
