"""Fixtures for the audit tests: a temp GUARDRAIL_HOME and record factories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from guardrail.audit import AuditLog, ImageRecord, RequestRecord
from guardrail.policy.schema import PolicyRef

POLICY = PolicyRef(name="default", version="3", hash="ab" * 32)
T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def temp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own GUARDRAIL_HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("GUARDRAIL_HOME", str(home))
    return home


@pytest.fixture
def log(temp_home: Path, engine: str) -> Any:
    """A fresh audit log in the temp home (SQLite) or a fresh PostgreSQL schema: tests taking it run on both."""
    with AuditLog() as audit:
        yield audit


def _make_request(
    request_id: str, *, prompt: str = "a cat on a sofa", mode: str = "full", minutes: int = 0, **overrides: Any
) -> RequestRecord:
    """A plausible request record at T0 + ``minutes``."""
    fields: dict[str, Any] = {
        "request_id": request_id,
        "time": T0 + timedelta(minutes=minutes),
        "policy": POLICY,
        "model_id": "guardrail/demo-tiny-sd",
        "seed": 42,
        "parameters": {"num_inference_steps": 4, "guidance_scale": 5.0, "height": 512, "width": 512, "n": 2},
        "prompt_action": "allow",
        "matched_rules": [],
        "final_action": "released",
        "attempts": 2,
    }
    fields.update(overrides)
    return RequestRecord.for_prompt(prompt, mode=mode, **fields)  # type: ignore[arg-type]


def _make_image(request_id: str, index: int = 0, attempt: int = 1, **overrides: Any) -> ImageRecord:
    """A plausible image record with two verdicts."""
    fields: dict[str, Any] = {
        "request_id": request_id,
        "index": index,
        "attempt": attempt,
        "seed": 42 + attempt,
        "action": "released",
        "verdicts": [
            {"check": "nudenet", "outcome": "pass", "scores": {"FEMALE_BREAST_EXPOSED": 0.02}, "threshold": 0.5},
            {"check": "similarity", "outcome": "pass", "distance": 31, "threshold": 20},
        ],
        "watermark_id": "wm-0011aabb",
        "manifest_hash": "cd" * 32,
        "output_path": f"/out/{request_id}-{index}.png",
    }
    fields.update(overrides)
    return ImageRecord(**fields)


@pytest.fixture(scope="session")
def make_request() -> Any:
    """``make_request(request_id, prompt=..., mode="full"|"hash", minutes=0, **fields)``."""
    return _make_request


@pytest.fixture(scope="session")
def make_image() -> Any:
    """``make_image(request_id, index=0, attempt=1, **fields)``."""
    return _make_image


@pytest.fixture(scope="session")
def t0() -> datetime:
    """The time of the first factory-made request (minutes=0)."""
    return T0
