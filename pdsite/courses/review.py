"""Reviewing pages: the reviewer is told what their dashboard action did (issue #19, item 7).

Wagtail carries out a dashboard "Approve and Publish" or "Request changes" and reloads the
dashboard without a word, so a reviewer cannot tell whether it worked. Every page type of
pdsite is registered (courses/wagtail_hooks.py) with `ReviewedPageViewSet`, whose workflow
action view adds one confirmation message, shown on the page the reviewer lands on.
"""

from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState, get_page_models


class ConfirmingWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action, then a success message once the task has been decided."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            page = Page.objects.get(pk=self.object.pk).specific
            buttons = [messages.button(page.url, "View live")] if page.live and page.url else None
            messages.success(request, review_confirmation(page=page, status=self.task_state.status), buttons=buttons)
        return response


def review_confirmation(*, page: Page, status: str) -> str:
    """What happened to `page` after its review task ended in `status`, in one sentence."""
    title = page.get_admin_display_title()
    if status == TaskState.STATUS_REJECTED:
        return f"“{title}” was sent back to its author for changes."
    if status == TaskState.STATUS_APPROVED:
        if page.live and not page.has_unpublished_changes:
            return f"“{title}” was approved and is now published."
        return f"“{title}” was approved and moves on to its next review step."
    return f"The review of “{title}” has ended ({status})."


class ReviewedPageViewSet(PageViewSet):
    """Wagtail's page viewset with the confirming workflow action."""

    workflow_action_view_class = ConfirmingWorkflowActionView


def reviewed_page_viewsets() -> list[ReviewedPageViewSet]:
    """One viewset per page type that pdsite defines (Wagtail routes a page's views by its type)."""
    return [
        ReviewedPageViewSet(f"reviewed_{model._meta.app_label}_{model._meta.model_name}", model=model)
        for model in get_page_models()
        if model.__module__.startswith("pdsite.")
    ]
