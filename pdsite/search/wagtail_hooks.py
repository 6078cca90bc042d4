"""The maths synonym list, editable by PD leads under Snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["terms"]
    search_fields = ["terms"]
    ordering = ["terms"]


register_snippet(SearchSynonymViewSet)
