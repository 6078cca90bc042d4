"""Template tags of feedback: `feedback_panel video share` (the comment panel, rendered by
feedback/panel.html, which any page showing a player includes) and the `clock` filter."""

from django import template

from pdsite.courses.models import BigIdea, EssencePrinciple
from pdsite.videos.pipeline.vtt import format_clock

from .. import access, selectors
from ..models import Comment, Ittecf

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """754.2 -> "12:34"."""
    return "" if seconds in (None, "") else format_clock(float(seconds))


@register.inclusion_tag("feedback/_panel.html", takes_context=True)
def feedback_panel(context, video, share=None):
    """The form (when the viewer may comment) and the comments they may see on `video`.
    `share`: the lessons.Share the page was opened through, if any."""
    request = context["request"]
    share_id = getattr(share, "pk", None)
    options = access.comment_options(request, video, share_id=share_id)
    audiences = [(value, Comment.Audience(value).label) for value in options.audiences]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "video": video,
        "options": options,
        "share_id": getattr(options.share, "pk", "") or "",
        "audiences": audiences,
        "kinds": Comment.Kind.choices,
        "big_ideas": BigIdea.objects.all() if options.allowed else [],
        "principles": EssencePrinciple.objects.all() if options.allowed else [],
        "ittecf": Ittecf.choices,
        "threads": selectors.comment_threads(request, video),
        "can_reply": options.allowed,
        "next": request.get_full_path(),
        "windows": [(format_clock(s), format_clock(e)) for s, e in options.windows or []],
    }
