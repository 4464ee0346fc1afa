"""load_pipeline: the demo, a user's local folder, hub ids offline, and clear refusals."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from guardrail.errors import ModelLoadError
from guardrail.generation import DEMO_MODEL_ID, RANDOM_DEMO_MODEL_ID, LoadedPipeline, load_pipeline


def test_no_model_loads_the_offline_demo(caplog: pytest.LogCaptureFixture, render: Any) -> None:
    with caplog.at_level(logging.INFO, logger="guardrail.generation"):
        loaded = load_pipeline()
    assert isinstance(loaded, LoadedPipeline)
    assert loaded.is_demo and loaded.model_id == DEMO_MODEL_ID and loaded.source == "demo"
    assert type(loaded.pipe).__name__ == "DemoShapesPipeline"
    assert "safety checker is disabled" in caplog.text
    assert render(loaded.pipe, height=256, width=256).shape == (256, 256, 3)


@pytest.mark.parametrize("name", ["demo", DEMO_MODEL_ID])
def test_demo_aliases_select_the_demo(name: str) -> None:
    loaded = load_pipeline(name)
    assert loaded.is_demo and loaded.model_id == DEMO_MODEL_ID


@pytest.mark.parametrize("name", ["demo-random", RANDOM_DEMO_MODEL_ID])
def test_random_demo_aliases_select_the_random_weight_demo(name: str) -> None:
    loaded = load_pipeline(name)
    assert loaded.is_demo and loaded.model_id == RANDOM_DEMO_MODEL_ID
    assert type(loaded.pipe).__name__ == "GuardrailDemoPipeline" and loaded.pipe.safety_checker is None


def test_local_folder_loads_through_from_pretrained(saved_demo_dir: Path, fresh_demo: Any, render: Any) -> None:
    loaded = load_pipeline(str(saved_demo_dir))
    assert not loaded.is_demo and loaded.source == "path"
    assert loaded.model_id == str(saved_demo_dir.resolve())
    assert loaded.pipe.safety_checker is None
    mine = render(loaded.pipe, seed=5, num_inference_steps=2, guidance_scale=5.0, height=256, width=256)
    reference = render(fresh_demo, seed=5, num_inference_steps=2, guidance_scale=5.0, height=256, width=256)
    assert np.array_equal(mine, reference)


def test_unknown_hub_id_fails_fast_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    with pytest.raises(ModelLoadError) as info:
        load_pipeline("nobody-here/no-such-model-xyz")
    err = info.value
    assert err.where == "--model"
    assert "not in the local Hugging Face cache" in err.message
    assert err.fix is not None and "hf download nobody-here/no-such-model-xyz" in err.fix
    assert attempts == []  # not even tried: no network timeout to wait for


def test_folder_without_model_index_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "weights.bin").write_bytes(b"\0" * 16)
    with pytest.raises(ModelLoadError, match="no model_index.json"):
        load_pipeline(str(folder))


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="no such model folder"):
        load_pipeline(str(tmp_path / "nothing-here"))


def test_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "model.safetensors"
    file.write_bytes(b"x")
    with pytest.raises(ModelLoadError, match="not a diffusers pipeline folder"):
        load_pipeline(str(file))


def test_broken_pipeline_folder_raises_model_load_error(saved_demo_dir: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(saved_demo_dir, broken)
    shutil.rmtree(broken / "unet")
    with pytest.raises(ModelLoadError) as info:
        load_pipeline(str(broken))
    assert info.value.where == "--model"


def test_unconditional_pipeline_is_refused_as_not_text_to_image(tmp_path: Path) -> None:
    from diffusers import DDPMPipeline, DDPMScheduler, UNet2DModel

    unet = UNet2DModel(
        sample_size=16,
        in_channels=3,
        out_channels=3,
        layers_per_block=1,
        block_out_channels=(8, 16),
        down_block_types=("DownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "UpBlock2D"),
        norm_num_groups=8,
    )
    folder = tmp_path / "ddpm"
    DDPMPipeline(unet=unet, scheduler=DDPMScheduler()).save_pretrained(str(folder))
    with pytest.raises(ModelLoadError, match="not a text-to-image pipeline"):
        load_pipeline(str(folder))


def test_empty_model_name_is_refused() -> None:
    with pytest.raises(ModelLoadError, match="empty"):
        load_pipeline("  ")
