"""Load a diffusers text-to-image pipeline: the offline demo, a local folder or a cached hub id.

Nothing is ever downloaded: hub ids load only from the local Hugging Face cache
(``local_files_only=True``). The pipeline's own safety checker (and SDXL's built-in watermarker)
are switched off because guardrail's checks and marking replace them; this is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from guardrail.errors import ModelLoadError
from guardrail.generation.demo import DEMO_ALIASES, DEMO_MODEL_ID, load_demo_pipeline
from guardrail.generation.random_demo import (
    RANDOM_DEMO_ALIASES,
    RANDOM_DEMO_MODEL_ID,
    build_random_demo,
    quiet_progress,
)
from guardrail.model_source import looks_like_path

__all__ = ["LoadedPipeline", "disable_builtin_guards", "load_pipeline"]

logger = logging.getLogger(__name__)


@dataclass
class LoadedPipeline:
    """A loaded text-to-image pipeline and where it came from."""

    pipe: Any
    """The diffusers pipeline (safety checker disabled)."""
    model_id: str
    """DEMO_MODEL_ID, the hub id, or the resolved local path."""
    is_demo: bool
    """True for a built-in demo model (the trained demo or the random-weight one)."""
    source: Literal["demo", "path", "hub"] = "demo"
    """How the model was found."""


def _text2image_classes() -> tuple[type, ...]:
    from diffusers.pipelines.auto_pipeline import AUTO_TEXT2IMAGE_PIPELINES_MAPPING

    from guardrail.generation.shapes_pipeline import DemoShapesPipeline

    return (*AUTO_TEXT2IMAGE_PIPELINES_MAPPING.values(), DemoShapesPipeline)


def _names_demo_class(path: Path) -> bool:
    """True when the folder's model_index.json names ``DemoShapesPipeline`` (not a diffusers class)."""
    import json

    try:
        return json.loads((path / "model_index.json").read_text(encoding="utf-8")).get("_class_name") == (
            "DemoShapesPipeline"
        )
    except (OSError, ValueError, AttributeError):
        return False


def disable_builtin_guards(pipe: Any, model_id: str) -> None:
    """Switch off the pipeline's own safety checker and invisible watermarker; log it."""
    if getattr(pipe, "safety_checker", None) is not None:
        pipe.safety_checker = None
    if hasattr(pipe, "register_to_config") and "requires_safety_checker" in getattr(pipe, "config", {}):
        pipe.register_to_config(requires_safety_checker=False)
    if getattr(pipe, "watermark", None) is not None:
        pipe.watermark = None
    if hasattr(pipe, "set_progress_bar_config"):
        pipe.set_progress_bar_config(disable=True)  # the library never prints; the CLI shows progress
    logger.info(
        "%s: the pipeline's own safety checker is disabled; guardrail's checks and marking replace it",
        model_id,
    )


def _check_text2image(pipe: Any, model: str) -> None:
    if not isinstance(pipe, _text2image_classes()):
        raise ModelLoadError(
            f"{model!r} is a {type(pipe).__name__}, not a text-to-image pipeline",
            where="--model",
            fix="use a text-to-image model (e.g. a Stable Diffusion or SDXL checkpoint)",
        )


def _from_pretrained(target: str, model: str, *, hub: bool, kwargs: dict[str, Any]) -> Any:
    """``DiffusionPipeline.from_pretrained`` offline with the caller's loading arguments, errors
    wrapped as ModelLoadError."""
    from diffusers import DiffusionPipeline

    options = {"safety_checker": None, "requires_safety_checker": False, **kwargs, "local_files_only": True}
    cls: Any = DiffusionPipeline
    if not hub and _names_demo_class(Path(target)):  # diffusers resolves _class_name in its own namespace only
        from guardrail.generation.shapes_pipeline import DemoShapesPipeline

        cls = DemoShapesPipeline
        options = {**kwargs, "local_files_only": True}
    try:
        with quiet_progress():
            return cls.from_pretrained(target, **options)
    except Exception as err:
        if hub:
            raise ModelLoadError(
                f"model {model!r} is not in the local Hugging Face cache, and guardrail never "
                f"downloads (this machine may be offline): {type(err).__name__}: {err}",
                where="--model",
                fix=(
                    f"download it first where there is network (`hf download {model}`), copy the "
                    "Hugging Face cache (~/.cache/huggingface/hub) here, or pass a local folder "
                    "saved with save_pretrained; omit --model for the offline demo"
                ),
            ) from err
        raise ModelLoadError(
            f"cannot load a diffusers pipeline from {target}: {type(err).__name__}: {err}",
            where="--model",
            fix="pass a folder written by DiffusionPipeline.save_pretrained (it has model_index.json)",
        ) from err


def _load_local(path: Path, model: str, kwargs: dict[str, Any]) -> LoadedPipeline:
    if not path.is_dir():
        raise ModelLoadError(
            f"{model!r} is a file, not a diffusers pipeline folder",
            where="--model",
            fix="pass the folder written by save_pretrained (it has model_index.json)",
        )
    if not (path / "model_index.json").is_file():
        raise ModelLoadError(
            f"{path} is not a diffusers pipeline folder (no model_index.json)",
            where="--model",
            fix="pass the folder written by DiffusionPipeline.save_pretrained, or a hub id in the local cache",
        )
    pipe = _from_pretrained(str(path), model, hub=False, kwargs=kwargs)
    return LoadedPipeline(pipe=pipe, model_id=str(path), is_demo=False, source="path")


def _reject_download_flags(kwargs: dict[str, Any]) -> None:
    if kwargs.get("local_files_only") is False:
        raise ModelLoadError(
            "guardrail never downloads models (local_files_only=False was given)",
            where="local_files_only",
            fix=(
                "download the model where there is network (`hf download ID`) and copy the Hugging Face cache here, "
                "or pass a local folder"
            ),
        )


def load_pipeline(model: str | None = None, *, device: str | None = None, **diffusers_kwargs: Any) -> LoadedPipeline:
    """Load a text-to-image pipeline without any network access.

    ``None`` or ``"demo"`` gives the offline demo model (trained here, shipped in the package),
    ``"demo-random"`` the random-weight one; an existing folder loads with
    ``from_pretrained(path, local_files_only=True)``; anything else is a hub id that must already
    be in the local Hugging Face cache. ``diffusers_kwargs`` (``dtype`` or its older spelling
    ``torch_dtype``, ``variant``, ``revision``, ``use_safetensors``, ...) go to
    ``DiffusionPipeline.from_pretrained``; the demo model takes only the dtype. ``device`` (default ``"cpu"``) is where
    the pipeline is moved.
    Raises ModelLoadError (``where="--model"``) otherwise, or when the model is not a
    text-to-image pipeline.
    """
    _reject_download_flags(diffusers_kwargs)
    device = device or "cpu"
    if model is not None and not model.strip():
        raise ModelLoadError(
            "the model name is empty", where="--model", fix="omit --model for the demo, or pass a hub id or folder"
        )
    if model is None or model.strip() in DEMO_ALIASES | RANDOM_DEMO_ALIASES:
        unsupported = sorted(set(diffusers_kwargs) - {"dtype", "torch_dtype", "local_files_only"})
        if unsupported:
            raise ModelLoadError(
                f"the offline demo model takes only a dtype: {', '.join(unsupported)} do not apply",
                where=unsupported[0],
                fix="pass only dtype (or torch_dtype) for the demo, or name a model (hub id or folder)",
            )
        random_weights = model is not None and model.strip() in RANDOM_DEMO_ALIASES
        pipe = build_random_demo() if random_weights else load_demo_pipeline()
        model_id = RANDOM_DEMO_MODEL_ID if random_weights else DEMO_MODEL_ID
        dtype = diffusers_kwargs.get("dtype", diffusers_kwargs.get("torch_dtype"))
        if dtype is not None:
            pipe.to(dtype=dtype)
        loaded = LoadedPipeline(pipe=pipe, model_id=model_id, is_demo=True, source="demo")
        logger.info("using the offline demo model %s", model_id)
    else:
        model = model.strip()
        path = Path(model).expanduser()
        if path.exists():
            loaded = _load_local(path.resolve(), model, diffusers_kwargs)
        elif looks_like_path(model):
            raise ModelLoadError(
                f"no such model folder: {model}",
                where="--model",
                fix="check the path, or pass a hub id that is in the local Hugging Face cache",
            )
        else:
            pipe = _from_pretrained(model, model, hub=True, kwargs=diffusers_kwargs)
            loaded = LoadedPipeline(pipe=pipe, model_id=model, is_demo=False, source="hub")
    _check_text2image(loaded.pipe, model or DEMO_MODEL_ID)
    disable_builtin_guards(loaded.pipe, loaded.model_id)
    try:
        loaded.pipe.to(device)
    except Exception as err:
        raise ModelLoadError(
            f"cannot move the pipeline to device {device!r}: {type(err).__name__}: {err}",
            where="--device",
            fix=(
                "use --device cpu (device='cpu') on a machine without a GPU, or a device torch lists (cuda, cuda:1, "
                "mps)"
            ),
        ) from err
    return loaded
