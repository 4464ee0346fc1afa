"""Loading diffusers text-to-image pipelines: a hub id in the local cache, a local folder, or
the offline demo model (``DEMO_MODEL_ID``, trained here and shipped in ``guardrail/data/models``).

Nothing here downloads. torch and diffusers are imported on first use, so importing this package
is cheap.
"""

from __future__ import annotations

from guardrail._lazy import lazy_exports

_LAZY: dict[str, str] = {
    "LoadedPipeline": "guardrail.generation.loader",
    "load_pipeline": "guardrail.generation.loader",
    "disable_builtin_guards": "guardrail.generation.loader",
    "load_demo_pipeline": "guardrail.generation.demo",
    "demo_model_dir": "guardrail.generation.demo",
    "DemoShapesPipeline": "guardrail.generation.shapes_pipeline",
    "build_random_demo": "guardrail.generation.random_demo",
    "RANDOM_DEMO_MODEL_ID": "guardrail.generation.random_demo",
    "DEMO_MODEL_ID": "guardrail.generation.demo",
    "DEMO_STEPS": "guardrail.generation.demo",
    "DEMO_HEIGHT": "guardrail.generation.demo",
    "DEMO_WIDTH": "guardrail.generation.demo",
    "DEMO_GUIDANCE_SCALE": "guardrail.generation.demo",
}

__all__ = list(_LAZY)

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
