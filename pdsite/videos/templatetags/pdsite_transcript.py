"""`{% interactive_transcript video %}`: the transcript panel beside the player (clip pages,
lesson recordings), one cue list per caption language; the chosen one is shown."""

from django import template
from django.urls import reverse

from ..models import Transcript
from ..transcripts.selectors import caption_tracks, transcript_cues_for_viewer, transcript_downloadable
from .pdsite_video import chosen_caption_language

register = template.Library()


@register.inclusion_tag("videos/interactive_transcript.html", takes_context=True)
def interactive_transcript(context, video):
    """The transcript beside the player: follows playback, seeks, searches, downloads, in the
    caption language the player shows (`?lang=` or the first; the player's "Caption language"
    switches it). The page has already asked the rule for `video`; a viewer allowed only a
    clip of a private recording reads only the cues inside it, and a private recording offers
    no download."""
    request = context.get("request")
    if video is None or (video.private and request is None):
        return {"transcripts": []}
    tracks = caption_tracks(video=video)
    by_language = {t.language: t for t in Transcript.objects.filter(video=video, language__in=[c for c, _ in tracks])}
    downloadable = transcript_downloadable(video)
    transcripts = [
        {
            "language": code,
            "label": name,
            "transcript": by_language[code],
            "cues": transcript_cues_for_viewer(request, video=video, transcript=by_language[code]),
            "vtt_url": reverse("videos:transcript_download", args=[video.pk, code, "vtt"]) if downloadable else "",
            "text_url": reverse("videos:transcript_download", args=[video.pk, code, "txt"]) if downloadable else "",
        }
        for code, name in tracks
    ]
    chosen = chosen_caption_language(request, [{"language": code} for code, _ in tracks])
    return {"video": video, "transcripts": transcripts, "chosen": chosen}
