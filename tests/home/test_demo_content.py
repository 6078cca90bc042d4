"""The demo seed's data hangs together: every reference resolves, and clips suit espeak and search;
and the demo data loader names the file, key and item when a data file is wrong.

Pure data checks; no database.
"""

import re

import pytest

from pdsite.courses.demo import content
from pdsite.courses.demo.loader import DemoDataError, load
from pdsite.home.demo.seeding import HOME_INTRO

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What espeak-ng reads cleanly: letters, spaces and light punctuation; numbers and symbols go in words.
SPEAKABLE = re.compile(r"^[A-Za-z ,'’:-]+[.?!]$")


def _all_slugs() -> list[str]:
    return (
        [idea.slug for idea in content.BIG_IDEAS]
        + [principle.slug for principle in content.ESSENCE_PRINCIPLES]
        + [unit.slug for unit in content.UNITS]
        + [clip.slug for clip in content.CLIPS]
        + [module.slug for module in content.MODULES]
    )


def test_big_ideas_are_the_five_in_order_when_listed():
    assert [(idea.slug, idea.name) for idea in content.BIG_IDEAS] == [
        ("coherence", "Coherence"),
        ("representation-structure", "Representation and Structure"),
        ("mathematical-thinking", "Mathematical Thinking"),
        ("fluency", "Fluency"),
        ("variation", "Variation"),
    ]
    assert all(idea.summary and idea.body for idea in content.BIG_IDEAS)
    assert content.big_idea_by_slug("fluency").name == "Fluency"


def test_principles_are_ten_in_three_groups_when_ordered():
    principles = content.ESSENCE_PRINCIPLES
    assert [principle.order for principle in principles] == list(range(1, 11))
    assert [principle.group for principle in principles] == (
        ["underpinning"] * 4 + ["lesson_design"] * 4 + ["classroom"] * 2
    )
    assert principles[0].title == "Everyone can learn and enjoy maths"
    assert len({principle.slug for principle in principles}) == 10
    assert all(principle.summary and principle.body for principle in principles)


def test_curriculum_covers_years_7_to_9_in_term_order_when_read_as_a_grid():
    for year in (7, 8, 9):
        blocks = [block for block in content.CURRICULUM if block.year == year]
        assert [block.order for block in blocks] == list(range(1, len(blocks) + 1))
        terms = [block.term for block in blocks]
        assert set(terms) == set(content.TERMS)
        assert terms == sorted(terms, key=content.TERMS.index)
        assert len({block.title for block in blocks}) == len(blocks)
        titles = [title for block in blocks for title in block.unit_titles]
        assert len(titles) == len(set(titles))
        assert all("&" not in title and "…" not in title for title in titles)
    first = content.CURRICULUM[0]
    assert (first.year, first.term, first.title) == (7, "autumn", "Algebraic thinking")
    assert first.unit_titles == ("Sequences", "Understand and use algebraic notation", "Equality and equivalence")


def test_grid_unit_slugs_are_unique_and_valid_when_made_for_every_grid_unit():
    slugs = [content.grid_unit_slug(b.year, title) for b in content.CURRICULUM for title in b.unit_titles]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG.match(slug) for slug in slugs)
    assert content.grid_unit_slug(9, "Pythagoras' theorem") == "y9-pythagoras-theorem"
    assert content.grid_unit_slug(8, "Sequences") == "y8-sequences"


def test_every_unit_names_a_grid_unit_of_its_year_when_resolved():
    assert len(content.UNITS) == 12
    assert len({(unit.year, unit.unit_title) for unit in content.UNITS}) == 12
    for unit in content.UNITS:
        block = content.block_for_unit(unit.year, unit.unit_title)
        assert block.year == unit.year
        assert unit.big_idea in {idea.slug for idea in content.BIG_IDEAS}
        assert 1 <= unit.weeks <= 3 and unit.tier == "all"
        assert unit.main_idea and unit.main_ideas_revisited and unit.representations
    assert content.unit_by_slug("y7-algebraic-notation").unit_title == "Understand and use algebraic notation"


def test_units_have_steps_and_two_diagnostics_when_planned():
    for unit in content.UNITS:
        assert 3 <= len(unit.small_steps) <= 5, unit.slug
        assert len(unit.diagnostic_questions) == 2, unit.slug
        assert all(q.question and q.answer and q.misconception for q in unit.diagnostic_questions)
    steps = [step for unit in content.UNITS for step in unit.small_steps]
    assert any(step.is_review for step in steps)
    assert all(not step.is_higher for unit in content.UNITS if unit.year < 9 for step in unit.small_steps)
    assert all(any(step.is_higher for step in unit.small_steps) for unit in content.UNITS if unit.year == 9)


def test_clips_are_unique_and_resolve_when_linked():
    clips = content.CLIPS
    assert 24 <= len(clips) <= 28
    assert len({clip.slug for clip in clips}) == len(clips)
    assert len({clip.title for clip in clips}) == len(clips)
    orders = {principle.order for principle in content.ESSENCE_PRINCIPLES}
    for clip in clips:
        assert 1 <= len(clip.unit_slugs) <= 2 and len(set(clip.unit_slugs)) == len(clip.unit_slugs)
        for slug in clip.unit_slugs:
            content.unit_by_slug(slug)
        assert 1 <= len(clip.big_ideas) <= 2
        for slug in clip.big_ideas:
            content.big_idea_by_slug(slug)
        assert 1 <= len(clip.principles) <= 2 and set(clip.principles) <= orders
        assert clip.representations and clip.misconceptions
        assert clip.summary and clip.key_point and clip.difficult_point
        assert content.clip_by_slug(clip.slug) is clip


@pytest.mark.parametrize("clip", content.CLIPS, ids=lambda clip: clip.slug)
def test_narration_is_short_and_speakable_when_voiced(clip):
    assert 4 <= len(clip.narration) <= 6
    assert 55 <= len(clip.transcript.split()) <= 90
    for sentence in clip.narration:
        assert SPEAKABLE.match(sentence), sentence
        assert len(re.findall(r"[.?!]", sentence)) == 1, sentence  # one sentence per cue


def test_search_examples_each_hit_exactly_one_clip_when_searched():
    transcripts = {clip.slug: clip.transcript.lower() for clip in content.CLIPS}
    for phrase, slug in content.SEARCH_EXAMPLES:
        assert [s for s, text in transcripts.items() if phrase in text] == [slug], phrase


def test_every_unit_has_a_clip_when_seeded():
    for unit in content.UNITS:
        assert content.clips_for_unit(unit.slug), unit.slug
        # Each unit's own clips (listed first) are there, not only cross-links.
        assert any(clip.unit_slugs[0] == unit.slug for clip in content.CLIPS), unit.slug


def test_module_items_resolve_when_followed():
    assert {module.kind for module in content.MODULES} == {"big_ideas", "essence"}
    orders = {principle.order for principle in content.ESSENCE_PRINCIPLES}
    for module in content.MODULES:
        assert module.title and module.intro
        kinds = [kind for kind, _ in module.items]
        assert set(kinds) <= set(content.MODULE_ITEM_KINDS)
        assert 3 <= kinds.count("clip") <= 4 and "reflection" in kinds and "text" in kinds
        for kind, value in module.items:
            assert value
            if kind == "clip":
                content.clip_by_slug(value)
        for slug in module.big_ideas:
            content.big_idea_by_slug(slug)
        assert set(module.principles) <= orders
        assert content.module_by_slug(module.slug) is module
    assert content.MODULES[0].big_ideas == ("representation-structure",)
    assert content.MODULES[1].principles == (5, 8)


def test_slugs_are_valid_and_unique_per_kind_when_collected():
    assert all(SLUG.match(slug) for slug in _all_slugs()), [s for s in _all_slugs() if not SLUG.match(s)]
    for records in (content.UNITS, content.CLIPS, content.MODULES):
        assert len({record.slug for record in records}) == len(records)


def test_home_intro_is_two_sentences_when_shown():
    assert len(re.findall(r"[.?!](?:\s|$)", HOME_INTRO)) == 2


def test_lookups_raise_key_error_when_unknown():
    for lookup in (content.unit_by_slug, content.clip_by_slug, content.big_idea_by_slug):
        with pytest.raises(KeyError):
            lookup("no-such-slug")
    with pytest.raises(KeyError):
        content.block_for_unit(7, "Bearings")


def _data_file(root, text: str):
    path = root / "someapp" / "demo" / "things.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("things: [1]\n", "missing the top-level key 'title'"),
        ("title: Hi\nthings: {a: 1}\n", "the top-level key 'things' must be a list, not dict"),
        ("title: Hi\nthings: []\nextra: 1\n", "unexpected top-level key 'extra'"),
        ("- just a list\n", "the top level must be a mapping with the keys title, things"),
        ("title: [unclosed\n", "not valid YAML"),
    ],
)
def test_loader_names_the_file_and_key_when_the_shape_is_wrong(tmp_path, text, message):
    _data_file(tmp_path, text)
    with pytest.raises(DemoDataError, match=re.escape(message)) as raised:
        load("someapp", "things", {"title": str, "things": list}, root=tmp_path)
    assert str(raised.value).startswith(f"{tmp_path.name}/someapp/demo/things.yaml: ")


def test_loader_names_the_item_when_a_record_does_not_fit(tmp_path):
    _data_file(tmp_path, "things:\n- {slug: ok, name: Fine}\n- {slug: bad, nmae: Typo}\n")
    data = load("someapp", "things", {"things": list}, root=tmp_path)
    with pytest.raises(DemoDataError, match=re.escape("demo/things.yaml: things[1] (bad): ")):
        data.records("things", lambda item: content.BigIdea(summary="", body="", **item))


def test_loader_says_so_when_the_file_is_missing(tmp_path):
    with pytest.raises(DemoDataError, match="someapp/demo/nothing.yaml: no such demo data file"):
        load("someapp", "nothing", {}, root=tmp_path)
