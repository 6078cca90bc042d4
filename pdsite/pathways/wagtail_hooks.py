"""Admin screens for induction pathways: the Induction menu (pathways with their steps,
induction profiles, enrolments), and the hooks that enrol after saving in the admin."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Enrolment, InductionProfile, Pathway
from .services import enrolments_by_role, watched_steps_refresh


class PathwayViewSet(SnippetViewSet):
    model = Pathway
    icon = "list-ol"
    list_display = ["title", "ect_year"]
    search_fields = ["title", "intro"]


class InductionProfileViewSet(SnippetViewSet):
    """Saving a profile does not enrol by itself (snippets save the model directly): the
    create/edit hooks below call the enrolment service."""

    model = InductionProfile
    icon = "user"
    list_display = ["user", "ect_year", "mentor", "induction_tutor", "start_date"]
    list_filter = ["ect_year"]


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "group"
    list_display = ["user", "pathway", "start_date", "source"]
    list_filter = ["pathway", "source"]


class InductionViewSetGroup(ViewSetGroup):
    menu_label = "Induction"
    menu_icon = "group"
    menu_order = 270
    items = (PathwayViewSet, InductionProfileViewSet, EnrolmentViewSet)


register_snippet(InductionViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def enrol_after_saving_induction(request, instance):
    """An ECT saved in the admin is enrolled on their year's pathway; a hand enrolment
    credits what they already watched."""
    if isinstance(instance, InductionProfile):
        enrolments_by_role(profile=instance)
    elif isinstance(instance, Enrolment):
        watched_steps_refresh(user=instance.user)
