"""Views for home: My learning, and /favicon.ico for browsers that ask for it by that name."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control

from .selectors import learning_dashboard_for_user


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(request, "home/my_learning.html", {"dashboard": learning_dashboard_for_user(user=request.user)})


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon's one home is the static SVG (pages link it); /favicon.ico points there."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
