"""Template tags for courses: clip lists and breadcrumbs."""

from django import template

register = template.Library()


@register.inclusion_tag("courses/includes/clip_list.html", takes_context=True)
def clip_list(context, clips, empty_message="No clips here yet.", watched=None):
    """A list of clips with duration, Big Ideas and, for a signed-in teacher, percent watched
    (`watched`: {video id: percent}, from progress' `watched_percents` tag)."""
    clips = list(clips)
    request = context.get("request")
    user = getattr(request, "user", None)
    watched = watched or {}
    return {
        "items": [(clip, watched.get(clip.video_id)) for clip in clips],
        "signed_in": bool(user and user.is_authenticated),
        "empty_message": empty_message,
    }


@register.inclusion_tag("courses/includes/breadcrumb.html")
def breadcrumb(page):
    """Home › section › … › this page (the site root is left out)."""
    return {"ancestors": page.get_ancestors().filter(depth__gt=1).specific(), "page": page}
