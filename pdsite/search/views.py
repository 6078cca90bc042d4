"""The transcript search page (/search/): parses the query and filters, asks the selectors, renders."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .query import MAX_QUERY_CHARS
from .selectors import SearchFilters, search_moments


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    page = request.GET.get("page", "1")
    filters = SearchFilters.from_query(request.GET)
    results = search_moments(
        user=request.user,
        query=query,
        filters=filters,
        page=int(page) if page.isdigit() and len(page) < 5 else 1,
    )
    return render(request, "search/search.html", {"query": query, "results": results, "filters": filters})
