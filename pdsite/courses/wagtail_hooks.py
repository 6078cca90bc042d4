"""Admin screens for the curriculum and the ideas PD is organised by."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from .models import BigIdea, Block, EssencePrinciple, Unit, Year
from .review import reviewed_page_viewsets


class InUseProtectedDeleteView(DeleteView):
    """Refuse to delete a Big Idea or principle that clips, units or modules still use."""

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        users = obj.clips.count() + obj.modules.count() + (obj.units.count() if hasattr(obj, "units") else 0)
        if users:
            messages.error(request, f"“{obj}” is used by {users} clip(s), unit(s) or module(s), so it cannot be deleted.")
            return redirect(self.index_url_name)
        return super().post(request, *args, **kwargs)


class BigIdeaViewSet(SnippetViewSet):
    model = BigIdea
    icon = "pick"
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "summary"]
    ordering = ["order"]
    delete_view_class = InUseProtectedDeleteView


class EssencePrincipleViewSet(SnippetViewSet):
    model = EssencePrinciple
    icon = "list-ol"
    list_display = ["order", "title", "group"]
    list_filter = ["group"]
    search_fields = ["title", "summary"]
    ordering = ["order"]
    delete_view_class = InUseProtectedDeleteView


class YearViewSet(SnippetViewSet):
    model = Year
    icon = "date"
    list_display = ["__str__", "key_stage"]
    list_filter = ["key_stage"]
    ordering = ["number"]


class BlockViewSet(SnippetViewSet):
    model = Block
    icon = "folder-open-inverse"
    list_display = ["title", "year", "term", "order"]
    list_filter = ["year", "term"]
    search_fields = ["title"]
    ordering = ["year__number", "order"]


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "folder-inverse"
    list_display = ["title", "block", "weeks", "tier", "order"]
    list_filter = ["block__year", "block__term", "tier", "big_ideas"]
    search_fields = ["title", "main_idea"]
    # Units are not in the search index: filter them in the database (icontains), which works
    # on PostgreSQL and SQLite alike.
    search_backend_name = None
    ordering = ["block__year__number", "block__order", "order"]


class CurriculumViewSetGroup(ViewSetGroup):
    menu_label = "Curriculum"
    menu_icon = "folder-open-1"
    menu_order = 260
    items = (BigIdeaViewSet, EssencePrincipleViewSet, YearViewSet, BlockViewSet, UnitViewSet)


register_snippet(CurriculumViewSetGroup)


@hooks.register("register_admin_viewset")
def register_reviewed_page_viewsets():
    """Every pdsite page type confirms a reviewer's dashboard action (review.py)."""
    return reviewed_page_viewsets()
