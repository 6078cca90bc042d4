"""Views for home: My learning."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import learning_dashboard_for_user


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(request, "home/my_learning.html", {"dashboard": learning_dashboard_for_user(user=request.user)})
