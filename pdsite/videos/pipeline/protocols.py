"""What ffprobe and ffmpeg may open: local files and pipes, never the network.

A media file can name other resources: an HLS playlist its segments, a concat list its
files, a QuickTime reference movie its URLs. Left alone, ffmpeg opens them with any
protocol it was built with (http, tcp, rtmp, ...), so a crafted upload could make the
server fetch a URL of the uploader's choosing, inside our network (server-side request
forgery), and transcode whatever came back. Every command that reads media therefore
puts ``INPUT_OPTIONS`` before its ``-i``: ffmpeg refuses any other protocol, for the
input and for everything the input names.

Pure: only argument lists.
"""

from __future__ import annotations

__all__ = ["INPUT_OPTIONS", "PROTOCOL_WHITELIST"]

# "file" reads the downloaded source and our own working files; "pipe" is ffmpeg's
# stdin/stdout. Nothing else.
PROTOCOL_WHITELIST = "file,pipe"

INPUT_OPTIONS = ("-protocol_whitelist", PROTOCOL_WHITELIST)
