"""Transcripts of videos: the cues people read beside the player and search finds.

- `services`: every write (import a captions file, draft by speech recognition, save the
  editor's cues, approve); each sends `videos.signals.transcript_changed` after commit.
- `selectors`: reads (a video's transcript, its cues, the captions track, plain text,
  who may read it).
- `editing`: reading and checking the cues typed into the admin editor (pure).
- `views`: the clip page's transcript download; `admin` and `wagtail_hooks`: the admin
  editor, its URLs and menu item; `signal_handlers`: queue a draft when a video first
  becomes watchable.

Imported by their own names; nothing is re-exported here. The models (`Transcript`,
`TranscriptSegment`) stay in `pdsite.videos.models`.
"""
