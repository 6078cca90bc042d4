"""Word error rate of speech-recognition drafts against transcripts people have checked.

For each video with an approved transcript that was not itself a draft (uploaded captions, or
edited and approved), the configured engine transcribes the source again and its words are
compared with the transcript's. Nothing is saved. The demo seed's captions are the clips'
scripts, so on a seeded site this is the draft WER on the demo clips.
"""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pdsite.videos.asr import get_engine
from pdsite.videos.asr.evaluate import corpus_wer, score_clips
from pdsite.videos.models import Transcript
from pdsite.videos.storage import storage_download, storage_errors_as_unavailable
from pdsite.videos.transcripts.selectors import transcript_cues


class Command(BaseCommand):
    help = "Measure the speech-recognition engine's word error rate against approved transcripts."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=3, help="How many videos (CPU heavy; default 3).")
        parser.add_argument("--language", default="en")

    def handle(self, *args, limit, language, **options):
        engine = get_engine()
        if engine is None:
            raise CommandError("PDSITE_ASR_ENGINE is empty: there is no engine to measure.")
        references = (
            Transcript.objects.filter(language=language, status=Transcript.Status.APPROVED)
            .exclude(source=Transcript.Source.ASR)
            .select_related("video")
            .order_by("video__title")[:limit]
        )
        if not references:
            raise CommandError("No approved transcripts to compare with (run seed_demo, or approve some).")
        with tempfile.TemporaryDirectory(prefix="pdsite-wer-") as workdir:
            clips = []
            for transcript in references:
                video = transcript.video
                with storage_errors_as_unavailable():
                    media = storage_download(video.source.name, Path(workdir) / f"{video.pk}-source")
                text = " ".join(cue.text for cue in transcript_cues(transcript=transcript))
                clips.append((video.title, media, text))
            scores = []
            for score in score_clips(clips, engine=engine, ffmpeg_bin=settings.FFMPEG_BINARY):
                scores.append(score)
                self.stdout.write(f"{score.wer:6.1%}  {score.reference_words:4d} words  {score.name}")
        overall = corpus_wer(scores)
        self.stdout.write(f"WER {overall:.1%} over {len(scores)} clips ({engine.name})")
        self.stdout.write(json.dumps({"engine": engine.name, "clips": len(scores), "wer": round(overall, 4)}))
