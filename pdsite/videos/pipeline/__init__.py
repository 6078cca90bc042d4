"""Video processing pipeline: plain Python around ffmpeg, with no Django in it.

The Celery task that processes an upload calls these modules in order:

1. ``probe.probe(source)`` checks the upload is a real video and reads its size,
   length and codecs (raises ``ProbeError`` with a sentence to show the user).
2. ``ladder.ladder_for(result.height)`` picks the renditions to make, never
   bigger than the source.
3. ``ffmpeg.transcode_hls(...)`` writes an HLS package (master playlist, one
   playlist and its segments per rendition) in a single ffmpeg run.
4. ``ffmpeg.extract_poster(...)`` writes a JPEG poster frame.

One concern per module:

- ``commands``: the pure ffmpeg command builders (``hls_command``, ``tile_command``,
  ``poster_command``) and the names of the files they write.
- ``runner``: running ffmpeg (with or without progress reports); ``TranscodeError``.
- ``ffmpeg``: the jobs above, built from those two, checking what ffmpeg wrote.
- ``m3u8``: the one reader of HLS playlists (master renditions, segment URIs).
- ``sniff``: whether a file's first bytes carry a video container's signature (every
  upload path asks before ffprobe opens the file).
- ``protocols``: what ffprobe and ffmpeg may open (local files and pipes, no network).
- ``sprite``: the scrub-preview sprite's layout and its WebVTT thumbnails track.
- ``vtt`` and ``srt`` read and write captions; ``samples`` generates real media
  (spoken sentences over a test pattern) for tests, the demo seed and benchmarks.

Every module here works on local files only; downloading and uploading belong
to the caller. The submodules are imported by their own names
(``from pdsite.videos.pipeline.probe import probe``); nothing is re-exported
here, so importing one module never pays for the others.
"""
