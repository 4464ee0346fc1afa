"""The offline demo model (``guardrail/demo-shapes``): a small text-to-image model trained here.

It was trained from scratch on CPU by ``python -m guardrail.demo.train`` on pictures drawn by
guardrail's own scene renderer (coloured circles, squares, triangles, stars, houses, trees, suns,
moons and boats on sky, sea, grass, night and desert backgrounds) and on the paintings of the
fictional protected artist Jane Doe. It ships inside the package
(``guardrail/data/models/demo-shapes``, written with ``save_pretrained``) and loads with
``DemoShapesPipeline.from_pretrained``: nothing is downloaded or built at run time.

It draws 32x32 pictures enlarged to the asked size (256x256 by default): see docs/models.md for
what it can and cannot draw.
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from guardrail.errors import ModelLoadError

__all__ = [
    "DEMO_ALIASES",
    "DEMO_GUIDANCE_SCALE",
    "DEMO_HEIGHT",
    "DEMO_MODEL_ID",
    "DEMO_STEPS",
    "DEMO_WIDTH",
    "demo_model_dir",
    "load_demo_pipeline",
]

logger = logging.getLogger(__name__)

DEMO_MODEL_ID = "guardrail/demo-shapes"
"""Model id of the demo pipeline, as reported in results and the audit log."""
DEMO_ALIASES = frozenset({"demo", DEMO_MODEL_ID})
"""Names that select the demo model in ``load_pipeline`` and ``--model``."""
DEMO_STEPS = 4
"""Default denoising steps of the demo pipeline (``shapes_pipeline.DEFAULT_STEPS``)."""
DEMO_GUIDANCE_SCALE = 4.0
"""Default classifier-free guidance scale of the demo pipeline."""
DEMO_HEIGHT = 256
"""Default image height of the demo pipeline."""
DEMO_WIDTH = 256
"""Default image width of the demo pipeline."""

_LOCK = threading.Lock()


def demo_model_dir() -> Path:
    """The shipped model folder (``guardrail/data/models/demo-shapes``)."""
    return Path(str(resources.files("guardrail").joinpath("data", "models", "demo-shapes")))


def load_demo_pipeline(folder: Path | None = None) -> Any:
    """Load the demo pipeline (a ``DemoShapesPipeline``) from ``folder`` (default: the shipped one).

    Raises ModelLoadError when the folder is missing or damaged.
    """
    folder = folder or demo_model_dir()
    if not (folder / "model_index.json").is_file():
        raise ModelLoadError(
            f"the demo model is missing: {folder} has no model_index.json",
            where="--model",
            fix="reinstall guardrail (the model ships in the package), or retrain it with "
            "`python -m guardrail.demo.train` into that folder",
        )
    from guardrail.generation.random_demo import quiet_progress
    from guardrail.generation.shapes_pipeline import DemoShapesPipeline

    try:
        with _LOCK, quiet_progress():
            pipe = DemoShapesPipeline.from_pretrained(str(folder), local_files_only=True)
    except Exception as err:
        raise ModelLoadError(
            f"cannot load the demo model from {folder}: {type(err).__name__}: {err}",
            where="--model",
            fix="reinstall guardrail, or retrain the model with `python -m guardrail.demo.train`",
        ) from err
    pipe.set_progress_bar_config(disable=True)
    logger.info("demo model %s loaded from %s", DEMO_MODEL_ID, folder)
    return pipe
