"""The demo world: the renderer is deterministic, held-out pairs stay out of training, captions
use only the tokenizer's words, and Jane Doe's paintings register as protected references."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from guardrail.demo.artworks import ARTWORKS, render_artwork, style_painting
from guardrail.demo.dataset import PAINTING_CAPTION, make_dataset
from guardrail.demo.grammar import COLOURS, HELD_OUT_PAIRS, OBJECTS, Scene, caption, sample_scene
from guardrail.demo.references import register_demo_references, write_artworks
from guardrail.demo.render import render_scene
from guardrail.demo.tokenizer import build_tokenizer


def test_same_scene_renders_the_same_pixels_and_another_seed_does_not() -> None:
    scene = Scene(colour="red", object="boat", size="large", position="left", background="sea", seed=5)
    first, again = np.asarray(render_scene(scene, 64)), np.asarray(render_scene(scene, 64))
    assert first.shape == (64, 64, 3) and np.array_equal(first, again)
    other = np.asarray(render_scene(scene.model_copy(update={"seed": 6}), 64))
    assert not np.array_equal(first, other)


def test_the_object_is_drawn_in_its_colour() -> None:
    for colour, rgb in COLOURS.items():
        scene = Scene(colour=colour, object="square", size="large", position="middle", background="night", seed=1)
        centre = np.asarray(render_scene(scene, 32))[14:18, 14:18].reshape(-1, 3).mean(0)
        assert np.abs(centre - np.array(rgb)).max() < 12, colour


def test_training_set_is_reproducible_and_never_shows_a_held_out_pair() -> None:
    images, captions = make_dataset(150, seed=3)
    again, captions_again = make_dataset(150, seed=3)
    assert np.array_equal(images, again) and captions == captions_again
    assert PAINTING_CAPTION in captions  # Jane Doe's paintings are in it
    for text in captions:
        words = text.split()
        assert not any(c in words and o in words for c, o in HELD_OUT_PAIRS), text


def test_held_out_pairs_cover_every_object_and_are_sampled_on_request() -> None:
    assert {o for _, o in HELD_OUT_PAIRS} == set(OBJECTS)
    rng = random.Random(0)
    assert all((s.colour, s.object) in HELD_OUT_PAIRS for s in (sample_scene(rng, held_out=True) for _ in range(50)))


def test_every_caption_word_is_in_the_tokenizer_vocabulary() -> None:
    tokenizer = build_tokenizer()
    rng = random.Random(1)
    texts = [caption(sample_scene(rng, held_out=None)) for _ in range(200)]
    texts += [PAINTING_CAPTION, "A Painting by Jane Doe"]
    for text in texts:
        assert tokenizer.unk_token_id not in tokenizer(text).input_ids, text
    assert tokenizer("a lighthouse").input_ids == [tokenizer.convert_tokens_to_ids("a"), tokenizer.unk_token_id]


def test_jane_doe_paintings_are_deterministic_and_distinct() -> None:
    first = [np.asarray(render_artwork(a)) for a in ARTWORKS]
    assert all(np.array_equal(a, np.asarray(render_artwork(w))) for a, w in zip(first, ARTWORKS, strict=True))
    assert first[0].shape == (256, 256, 3)
    assert len({a.tobytes() for a in first}) == len(ARTWORKS)
    assert np.array_equal(np.asarray(style_painting(4, 32)), np.asarray(style_painting(4, 32)))


def test_demo_references_register_once_and_catch_a_copy(tmp_path: Path) -> None:
    from guardrail.policy import load_policy
    from guardrail.similarity.matcher import SimilarityMatcher
    from guardrail.similarity.registry import SQLiteReferenceRegistry

    added = register_demo_references(folder=tmp_path / "refs")
    assert len(added) == len(ARTWORKS) and {r.artist for r in added} == {"Jane Doe"}
    assert register_demo_references(folder=tmp_path / "refs") == []
    copy = render_artwork(ARTWORKS[0], 32).resize((256, 256))  # a blurred 32-pixel copy, as the model draws
    other = style_painting(5)
    with SQLiteReferenceRegistry() as registry:
        matcher = SimilarityMatcher(registry, load_policy("builtin:default").checks.similarity)
        verdict = matcher.check(copy)
        assert verdict.action == "block" and verdict.matches[0].artist == "Jane Doe"
        assert matcher.check(other).action != "block"  # her style alone is not a copy


def test_write_artworks_saves_one_png_per_painting(tmp_path: Path) -> None:
    paths = write_artworks(tmp_path)
    assert [p.name for p in paths] == [f"{a.slug}.png" for a in ARTWORKS]
