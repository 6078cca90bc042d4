"""Draft-transcript word error rate on the demo clips, without a database.

Makes the first N demo clips exactly as `seed_demo` does (espeak-ng speaking each clip's
narration), runs the configured speech-recognition engine on them, and compares with the
narration. Usage: .venv/bin/python scripts/measure_demo_wer.py [--clips 3]
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdsite.settings.dev")

import django  # noqa: E402

django.setup()

from pdsite.courses.demo.content import CLIPS  # noqa: E402
from pdsite.videos.asr import get_engine  # noqa: E402
from pdsite.videos.asr.evaluate import corpus_wer, score_clips  # noqa: E402
from pdsite.videos.pipeline.samples import make_sample_clip  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=3, help="How many demo clips (default 3; CPU heavy).")
    args = parser.parse_args()
    engine = get_engine()
    if engine is None:
        sys.exit("PDSITE_ASR_ENGINE is empty: there is no engine to measure.")
    with tempfile.TemporaryDirectory(prefix="pdsite-demo-wer-") as workdir:
        clips = []
        for clip in CLIPS[: args.clips]:
            path = Path(workdir) / f"{clip.slug}.mp4"
            make_sample_clip(path, title=clip.title, sentences=list(clip.narration))
            clips.append((clip.slug, path, clip.transcript))
        scores = []
        for score in score_clips(clips, engine=engine):
            scores.append(score)
            print(f"{score.wer:6.1%}  {score.reference_words:4d} words  {score.seconds:5.1f} s  {score.name}")
            print(f"        heard: {score.hypothesis[:160]}")
    overall = corpus_wer(scores)
    print(f"WER {overall:.1%} over {len(scores)} demo clips ({engine.name})")
    print(json.dumps({"engine": engine.name, "clips": len(scores), "wer": round(overall, 4)}))


if __name__ == "__main__":
    main()
