"""Audio description as text (issue #18, WCAG 1.2.5): per video and language, cues saying what
the picture shows when the narration does not, some marked "needs a pause" (extended
description: the player pauses the video while it is spoken).

- `services`: the one write (save the editor's cues; none left removes the track).
- `selectors`: reads (a video's description languages, its cues, the WebVTT track).
- `admin`: the editor in the Wagtail admin, beside the transcript's (URLs in
  transcripts/wagtail_hooks.py); the player's side is static/videos/player_description.js.

The models (`DescriptionTrack`, `DescriptionCue`) stay in `pdsite.videos.models`.
"""
