"""`{% interactive_transcript video %}`: the transcript panel beside the player on clip pages."""

from django import template
from django.urls import reverse

from ..transcripts.selectors import transcript_cues, transcript_for_video

register = template.Library()


@register.inclusion_tag("videos/interactive_transcript.html")
def interactive_transcript(video, language: str = "en"):
    """The clip page's transcript beside the player: follows playback, seeks, searches, downloads."""
    transcript = transcript_for_video(video=video, language=language) if video is not None else None
    if transcript is None:
        return {"transcript": None}
    return {
        "video": video,
        "transcript": transcript,
        "cues": transcript_cues(transcript=transcript),
        "vtt_url": reverse("videos:transcript_download", args=[video.pk, language, "vtt"]),
        "text_url": reverse("videos:transcript_download", args=[video.pk, language, "txt"]),
    }
