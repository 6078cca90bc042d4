from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import transcript_hits_for_user


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    results = transcript_hits_for_user(query=query, user=request.user)
    return render(
        request,
        "search/search.html",
        {"query": query, "hits": results.hits, "engine_unavailable": results.engine_unavailable},
    )
