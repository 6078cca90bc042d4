"""Described audio tracks (issue #18): a PD lead uploads the programme's sound with a voice
describing what the picture shows; it becomes an alternate HLS audio rendition
(CHARACTERISTICS="public.accessibility.describes-video") the player offers as "Described".

- `services`: every write (upload, encode, re-encode after a re-transcode, fail, purge);
- `forms`: the admin upload form (size, signature, ffprobe, length against the video's);
- `admin`: the upload page in the video library (URL in `videos.wagtail_hooks`);
- `signal_handlers`: re-encode when a video becomes ready again, purge files on delete.

The served master playlist gains the audio group in `videos.selectors.playlist_text`
(`pipeline.m3u8.with_audio_group`); the player's select is `static/videos/player_audio.js`.
The model (`DescribedAudio`) stays in `pdsite.videos.models`.
"""
