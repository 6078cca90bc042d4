"""The search benchmark's synthetic library and queries (fixed seed), and its timing loop.

Shared by `benchmarks.search` (SQLite, OpenSearch) and `benchmarks._search_postgres` (the
PostgreSQL child process), so every backend sees the same segments and the same queries.
"""

from __future__ import annotations

import random
import time

from ._support import percentile

SEED = 20261123
SEGMENTS_PER_VIDEO = 200
WORDS_PER_SEGMENT = 12
SECONDS_PER_WORD = 0.375
QUERIES = 200

MATHS = (
    "bar model tape diagram number line double number line ratio table algebra tiles counters zero pair "
    "negative number directed number fraction decimal percentage equivalence place value rounding estimate "
    "sequence nth term term-to-term common difference linear graph gradient intercept coordinate axis "
    "equation inequality expression substitution brackets expand factorise distributive law like terms "
    "function machine inverse operation balance equals sign variable coefficient constant solution "
    "angle parallel transversal alternate corresponding interior polygon triangle quadrilateral "
    "pythagoras hypotenuse square root circle circumference diameter radius pi area perimeter volume "
    "ratio proportion scale factor multiplicative additive reasoning proof conjecture generalise pattern "
    "probability tree sample space frequency mean median mode range data handling cycle"
).split()
PD = (
    "pupils teacher lesson department mastery representation structure variation fluency coherence "
    "thinking misconception key point difficult point small steps stem sentence intelligent practice "
    "whole class discussion questioning hinge question exit ticket retrieval worked example "
    "co-planning observation reflection feedback workshop mentor"
).split()
FILLER = (
    "the a and then so we ask them to show why how when each every one two three first next same "
    "different notice compare explain draw write build change keep move place see think try"
).split()


def segment_texts(count: int, *, seed: int = SEED) -> list[str]:
    """`count` segments of about WORDS_PER_SEGMENT words: maths and PD terms among filler."""
    rng = random.Random(seed)
    # Zipf-like: a few words are common, most are rare, as in real talk.
    weights_maths = [1 / (rank + 1) ** 0.8 for rank in range(len(MATHS))]
    texts = []
    for _ in range(count):
        words = []
        for _ in range(WORDS_PER_SEGMENT):
            pick = rng.random()
            if pick < 0.45:
                words.append(rng.choice(FILLER))
            elif pick < 0.8:
                words.append(rng.choices(MATHS, weights_maths)[0])
            else:
                words.append(rng.choice(PD))
        texts.append(" ".join(words).capitalize() + ".")
    return texts


def library(count: int):
    """[(video index, [(start, end, text), ...]), ...] for `count` segments."""
    texts = segment_texts(count)
    videos = []
    for first in range(0, count, SEGMENTS_PER_VIDEO):
        cues, clock = [], 0.0
        for text in texts[first : first + SEGMENTS_PER_VIDEO]:
            seconds = len(text.split()) * SECONDS_PER_WORD
            cues.append((round(clock, 3), round(clock + seconds, 3), text))
            clock += seconds + 0.3
        videos.append((first // SEGMENTS_PER_VIDEO, cues))
    return videos


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters


def queries(count: int = QUERIES, *, seed: int = SEED) -> list[tuple[str, str, bool]]:
    """(kind, query text, filtered?) mixed: words, quoted phrases, filtered, typos."""
    rng = random.Random(seed + 1)
    sample = segment_texts(500, seed=seed)  # phrases that are really said
    out = []
    for i in range(count):
        kind = ("words", "phrase", "filtered", "typo")[i % 4]
        if kind == "phrase":
            words = rng.choice(sample).rstrip(".").lower().split()
            j = rng.randrange(len(words) - 1)
            out.append((kind, f'"{words[j]} {words[j + 1]}"', False))
        elif kind == "typo":
            out.append((kind, _typo(rng.choice([w for w in MATHS if len(w) >= 5]), rng), False))
        else:
            n = rng.choice((1, 2, 2, 3))
            text = " ".join(rng.choice(MATHS + PD) for _ in range(n))
            out.append((kind, text, kind == "filtered"))
    return out


def time_queries(run_one, query_list) -> dict:
    """Call run_one(text, filtered) for each query; p50/p95 in milliseconds."""
    return time_together({"one": run_one}, query_list)["one"]


def time_together(runners: dict, query_list) -> dict:
    """Each query through every runner in turn (the order rotating from query to query), so
    runners compared in one run share the machine's load; {name: p50/p95 in milliseconds}."""
    names = list(runners)
    for name in names:
        runners[name](*query_list[0][1:])  # warm caches and connections
    times: dict = {name: [] for name in names}
    by_kind: dict = {name: {} for name in names}
    for i, (kind, text, filtered) in enumerate(query_list):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            start = time.perf_counter()
            runners[name](text, filtered)
            elapsed = (time.perf_counter() - start) * 1000
            times[name].append(elapsed)
            by_kind[name].setdefault(kind, []).append(elapsed)
    return {
        name: {
            "p50_ms": round(percentile(times[name], 0.50), 2),
            "p95_ms": round(percentile(times[name], 0.95), 2),
            "queries": len(times[name]),
            "p95_ms_by_kind": {kind: round(percentile(v, 0.95), 2) for kind, v in sorted(by_kind[name].items())},
        }
        for name in names
    }


def build_rows(count: int, *, start: int = 0) -> list[int]:
    """Video, Transcript and TranscriptSegment rows for the library's segments from `start` on
    (a multiple of SEGMENTS_PER_VIDEO: a larger size adds to a smaller one); their video ids."""
    from pdsite.videos.models import Transcript, TranscriptSegment, Video

    data = library(count)[start // SEGMENTS_PER_VIDEO :]
    videos = Video.objects.bulk_create(
        Video(title=f"Bench clip {index}", source="bench/none.mp4", status=Video.Status.READY, duration=cues[-1][1])
        for index, cues in data
    )
    transcripts = Transcript.objects.bulk_create(Transcript(video=video, language="en") for video in videos)
    batch = []
    for transcript, (_index, cues) in zip(transcripts, data):
        batch += [TranscriptSegment(transcript=transcript, start=s, end=e, text=t) for s, e, t in cues]
        if len(batch) >= 5000:
            TranscriptSegment.objects.bulk_create(batch)
            batch = []
    TranscriptSegment.objects.bulk_create(batch)
    return [video.pk for video in videos]


def build_moments(video_ids: list[int]) -> None:
    """The indexing code's database side, per video, as transcript_changed runs it."""
    from pdsite.search.indexing import moments_rebuild

    for video_id in video_ids:
        moments_rebuild(video_id=video_id)


def filtered_subset(video_ids: list[int]) -> list[int]:
    """A filter (say, one Big Idea) keeps about a fifth of the clips."""
    return [video_id for i, video_id in enumerate(video_ids) if i % 5 == 0]
