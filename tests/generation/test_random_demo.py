"""The offline demo model: built from its recipe, deterministic, textured, cached bit-exactly."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from guardrail.generation import random_demo as demo_mod
from guardrail.generation.random_demo import (
    RANDOM_DEMO_GUIDANCE_SCALE,
    RANDOM_DEMO_HEIGHT,
    RANDOM_DEMO_STEPS,
    RANDOM_DEMO_WIDTH,
    build_random_demo,
    build_tokenizer,
    random_demo_cache_dir,
)
from guardrail.generation.recipe import default_recipe_path, load_recipe


def test_demo_makes_textured_512_images_by_default(fresh_demo: Any, render: Any) -> None:
    image = render(fresh_demo)
    assert image.shape == (512, 512, 3)
    assert image.std() > 20  # not flat: watermarks and hashes need texture
    assert 60 < image.mean() < 200  # not saturated to black or white


def test_demo_makes_256_images_when_asked(fresh_demo: Any, render: Any) -> None:
    assert render(fresh_demo, height=256, width=256).shape == (256, 256, 3)


def test_demo_uses_its_small_default_step_count(fresh_demo: Any, render: Any) -> None:
    default = render(fresh_demo, height=256, width=256)
    explicit = render(fresh_demo, height=256, width=256, num_inference_steps=RANDOM_DEMO_STEPS)
    other = render(fresh_demo, height=256, width=256, num_inference_steps=RANDOM_DEMO_STEPS + 2)
    assert np.array_equal(default, explicit)
    assert not np.array_equal(default, other)


def test_demo_is_deterministic_for_a_seed(fresh_demo: Any, render: Any) -> None:
    first = render(fresh_demo, seed=7, height=256, width=256)
    again = render(fresh_demo, seed=7, height=256, width=256)
    assert np.array_equal(first, again)


def test_demo_output_changes_with_seed_and_prompt(fresh_demo: Any, render: Any) -> None:
    base = render(fresh_demo, "a cat", seed=1, height=256, width=256).astype(int)
    other_seed = render(fresh_demo, "a cat", seed=2, height=256, width=256).astype(int)
    other_prompt = render(fresh_demo, "a lighthouse at dusk", seed=1, height=256, width=256).astype(int)
    assert np.abs(base - other_seed).mean() > 10
    assert np.abs(base - other_prompt).mean() > 1


def test_two_builds_have_identical_weights_and_leave_global_rng_alone(fresh_demo: Any) -> None:
    import torch

    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    second = build_random_demo(use_cache=False)
    assert torch.equal(torch.rand(3), expected_next)
    for name in ("unet", "vae", "text_encoder"):
        a = getattr(fresh_demo, name).state_dict()
        b = getattr(second, name).state_dict()
        assert a.keys() == b.keys()
        assert all(torch.equal(a[k], b[k]) for k in a)


def test_demo_reloads_bit_exactly_from_cache(
    fresh_demo: Any,
    temp_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    render: Any,
) -> None:
    built = build_random_demo()
    folder = random_demo_cache_dir()
    assert folder.is_relative_to(temp_home / "models" / "demo")
    assert (folder / "model_index.json").is_file()

    def no_rebuild(*_: Any) -> Any:
        raise AssertionError("the cached demo should be loaded, not rebuilt")

    monkeypatch.setattr(demo_mod, "_build_fresh", no_rebuild)
    with caplog.at_level(logging.INFO, logger="guardrail.generation.random_demo"):
        cached = build_random_demo()
    assert "loaded from cache" in caplog.text
    reference = render(fresh_demo, seed=3)
    assert np.array_equal(render(built, seed=3), reference)
    assert np.array_equal(render(cached, seed=3), reference)


def test_damaged_cache_is_rebuilt(fresh_demo: Any, render: Any) -> None:
    build_random_demo()
    weights = next((random_demo_cache_dir() / "unet").glob("*.safetensors"))
    weights.write_bytes(b"not safetensors")
    rebuilt = build_random_demo()
    assert np.array_equal(
        render(rebuilt, seed=4, height=256, width=256), render(fresh_demo, seed=4, height=256, width=256)
    )


def test_changed_recipe_is_cached_in_another_folder(tmp_path: Path) -> None:
    raw = json.loads(default_recipe_path().read_text())
    raw["seed"] += 1
    changed = tmp_path / "recipe.json"
    changed.write_text(json.dumps(raw))
    assert random_demo_cache_dir(load_recipe(changed)) != random_demo_cache_dir(load_recipe())


def test_invalid_recipe_raises_model_load_error(tmp_path: Path) -> None:
    from guardrail.errors import ModelLoadError

    bad = tmp_path / "recipe.json"
    bad.write_text(json.dumps({"id": "x", "format": 1}))
    with pytest.raises(ModelLoadError) as info:
        load_recipe(bad)
    assert info.value.where == str(bad)


def test_constants_match_the_shipped_recipe() -> None:
    recipe = load_recipe()
    assert recipe.id == demo_mod.RANDOM_DEMO_MODEL_ID
    assert recipe.defaults.num_inference_steps == RANDOM_DEMO_STEPS
    assert recipe.defaults.guidance_scale == RANDOM_DEMO_GUIDANCE_SCALE
    assert (recipe.defaults.height, recipe.defaults.width) == (RANDOM_DEMO_HEIGHT, RANDOM_DEMO_WIDTH)
    assert recipe.scheduler["steps_offset"] == 1


def test_local_tokenizer_round_trips_unicode_text() -> None:
    tokenizer = build_tokenizer()
    ids = tokenizer("Ünïcode café, 東京!").input_ids
    assert ids[0] == tokenizer.bos_token_id and ids[-1] == tokenizer.eos_token_id
    decoded = tokenizer.decode(ids, skip_special_tokens=True)
    assert decoded.replace(" ", "") == "ünïcodecafé,東京!"  # CLIP lower-cases and splits punctuation


def test_importing_generation_does_not_import_torch() -> None:
    code = "import sys, guardrail.generation; assert 'torch' not in sys.modules and 'diffusers' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_concurrent_first_builds_share_one_cache(fresh_demo: Any, render: Any) -> None:
    import threading

    results: list[Any] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            results.append(build_random_demo())
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(results) == 2
    siblings = [p.name for p in random_demo_cache_dir().parent.iterdir()]
    assert siblings == [random_demo_cache_dir().name]  # no half-written temp folders left
    reference = render(fresh_demo, seed=9, height=256, width=256)
    assert all(np.array_equal(render(pipe, seed=9, height=256, width=256), reference) for pipe in results)


def test_demo_defaults_do_not_clash_with_positional_arguments(fresh_demo: Any) -> None:
    import torch

    out = fresh_demo("a cat", 128, 192, generator=torch.Generator().manual_seed(0))
    assert out.images[0].size == (192, 128)  # PIL size is (width, height)


def test_demo_output_has_texture_a_watermark_and_a_hash_can_use(fresh_demo: Any, render: Any) -> None:
    import cv2
    import imagehash
    from imwatermark import WatermarkDecoder, WatermarkEncoder
    from PIL import Image

    image = render(fresh_demo, "a harbour at night", seed=11)
    payload = [bool(b) for b in np.random.default_rng(0).integers(0, 2, 48)]
    encoder = WatermarkEncoder()
    encoder.set_watermark("bits", payload)
    marked = encoder.encode(cv2.cvtColor(image, cv2.COLOR_RGB2BGR), "dwtDctSvd")
    decoded = WatermarkDecoder("bits", 48).decode(marked, "dwtDctSvd")
    assert np.mean(np.array(decoded) == np.array(payload)) >= 0.95
    other_seed = render(fresh_demo, "a harbour at night", seed=12)
    distance = imagehash.phash(Image.fromarray(image)) - imagehash.phash(Image.fromarray(other_seed))
    assert distance > 16  # different seeds are far apart for a perceptual hash
