"""An index made by an older pdsite (before moments carried their language, end and cues)
keeps taking documents after an upgrade: the fields added since are put on its mapping."""

import pytest

from pdsite.search import engine
from pdsite.search.selectors import search_moments

pytestmark = pytest.mark.service

OLD_MAPPINGS = {
    "properties": {
        name: field
        for name, field in engine.MOMENT_MAPPINGS["properties"].items()
        if name not in {"language", "end", "cues"}
    }
}


def test_an_index_from_before_the_cues_field_takes_new_moments_and_finds_them(needs_engine, make_clip):
    config = needs_engine
    name = f"{config.alias}_old"
    engine.client(config).indices.create(
        index=name, body={"settings": engine.index_settings([]), "mappings": OLD_MAPPINGS}
    )
    engine.swap_alias(config, name)
    engine._MAPPINGS_CHECKED.discard((config.url, config.alias))  # this process has not seen it yet

    make_clip("zero-pairs", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nZero pairs cancel out.\n")

    mapping = engine.client(config).indices.get_mapping(index=config.alias)[name]["mappings"]["properties"]
    assert {"cues", "language", "end"} <= set(mapping)
    results = search_moments(user=None, query="zero pairs")
    assert not results.engine_unavailable
    assert [clip.page.slug for clip in results.clips] == ["zero-pairs"]
    assert results.clips[0].moments[0].start == 1.0
