"""`{% interactive_transcript video %}`: the transcript panel beside the player (clip pages,
lesson recordings)."""

from django import template
from django.urls import reverse

from ..transcripts.selectors import transcript_cues_for_viewer, transcript_downloadable, transcript_for_video

register = template.Library()


@register.inclusion_tag("videos/interactive_transcript.html", takes_context=True)
def interactive_transcript(context, video, language: str = "en"):
    """The transcript beside the player: follows playback, seeks, searches, downloads. The
    page has already asked the rule for `video`; a viewer allowed only a clip of a private
    recording reads only the cues inside it, and a private recording offers no download."""
    transcript = transcript_for_video(video=video, language=language) if video is not None else None
    request = context.get("request")
    if transcript is None or (video.private and request is None):
        return {"transcript": None}
    downloadable = transcript_downloadable(video)
    return {
        "video": video,
        "transcript": transcript,
        "cues": transcript_cues_for_viewer(request, video=video, transcript=transcript),
        "vtt_url": reverse("videos:transcript_download", args=[video.pk, language, "vtt"]) if downloadable else "",
        "text_url": reverse("videos:transcript_download", args=[video.pk, language, "txt"]) if downloadable else "",
    }
