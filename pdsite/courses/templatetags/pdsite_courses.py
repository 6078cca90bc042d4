from django import template

from ..selectors import watched_percent_by_video

register = template.Library()


@register.inclusion_tag("courses/includes/clip_list.html", takes_context=True)
def clip_list(context, clips, empty_message="No clips here yet."):
    """A list of clips with duration, Big Ideas and, for a signed-in teacher, percent watched."""
    clips = list(clips)
    request = context.get("request")
    user = getattr(request, "user", None)
    watched = watched_percent_by_video(user=user, video_ids=[clip.video_id for clip in clips]) if user else {}
    return {
        "items": [(clip, watched.get(clip.video_id)) for clip in clips],
        "signed_in": bool(user and user.is_authenticated),
        "empty_message": empty_message,
    }


@register.inclusion_tag("courses/includes/breadcrumb.html")
def breadcrumb(page):
    """Home › section › … › this page (the site root is left out)."""
    return {"ancestors": page.get_ancestors().filter(depth__gt=1).specific(), "page": page}


@register.simple_tag(takes_context=True)
def heartbeat_token(context, video) -> str:
    """The signed token the player sends with its progress reports (heartbeat_tokens);
    "" for anonymous visitors or when the session cannot carry one."""
    from ..heartbeat_tokens import heartbeat_token_issue

    request = context.get("request")
    if request is None or video is None or not hasattr(request, "session"):
        return ""
    return heartbeat_token_issue(user=getattr(request, "user", None), video_id=video.pk, session_key=request.session.session_key)
