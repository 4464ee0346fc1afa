"""``check_and_mark`` (the library call behind ``POST /v1/mark``): nothing unaudited is handed back or kept."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import skimage.data
from PIL import Image

from guardrail.audit import AuditLog
from guardrail.checks import ImageChecker
from guardrail.errors import StoreError
from guardrail.marking import check_and_mark
from guardrail.policy import load_policy
from guardrail.provenance import Marker
from guardrail.provenance.store import SQLiteManifestStore

SIMILARITY_ONLY = """
name: similarity-only
extends: builtin:default
checks:
  classifiers: []
"""


def _photo() -> tuple[Image.Image, bytes]:
    image = Image.fromarray(skimage.data.coffee()).resize((384, 256))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return image, buf.getvalue()


@pytest.mark.slow  # signs with c2pa
def test_a_release_whose_audit_record_cannot_be_written_is_neither_returned_nor_kept(
    guardrail_home: Path, write: Callable[[str, str], Path]
) -> None:
    policy = load_policy(write("p.yaml", SIMILARITY_ONLY))
    store = SQLiteManifestStore(guardrail_home / "manifests.db")
    image, source = _photo()
    with AuditLog() as audit:
        kept = check_and_mark(
            image,
            source=source,
            checker=ImageChecker(policy),
            marker=Marker(policy, model_id="m", store=store),
            audit=audit,
            model_id="m",
        )
        assert kept.action == "released" and store.count() == 1  # the log works: released and stored
        with sqlite3.connect(audit.path) as db:  # now the log refuses every new request record
            db.execute("CREATE TRIGGER refuse BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'refused'); END")
        with pytest.raises(StoreError):
            check_and_mark(
                image,
                source=source,
                checker=ImageChecker(policy),
                marker=Marker(policy, model_id="m", store=store),
                audit=audit,
                model_id="m",
            )
    assert store.count() == 1  # the unaudited release's manifest was removed again: only the first is stored
