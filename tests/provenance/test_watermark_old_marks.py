"""Images marked before the default mark changed keep verifying by their watermark alone.

Verified in a home whose store has never seen them (the editor's machine): the default readers
name the release from the pixels. ``data/latticesync-v1-chelsea.jpg`` was marked by latticeSync's
first embedding (41 dB, undamped gain passes, before issue 9's fix for small images), id
5a17c0ffee0d1e55, and saved as JPEG q92.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from guardrail.provenance.store import SQLiteManifestStore

DATA = Path(__file__).parent / "data"


def _verify_elsewhere(data: bytes, tmp_path: Path):
    from guardrail.provenance import verify_image

    return verify_image(data, store=SQLiteManifestStore(tmp_path / "elsewhere.db"))


def test_a_first_version_latticesync_mark_still_verifies(tmp_path: Path, use_marked_home: Path) -> None:
    report = _verify_elsewhere((DATA / "latticesync-v1-chelsea.jpg").read_bytes(), tmp_path)
    assert report.verdict == "ai-watermarked"
    # latticeSync2 (read first) has latticeSync's grid, chips and codeword: it reads this old mark too
    assert report.watermark.backend in ("latticeSync2", "latticeSync")
    assert report.watermark.watermark_id == "5a17c0ffee0d1e55"


def test_a_latticesync_mark_verifies_with_the_default_readers(photo, tmp_path: Path, use_marked_home: Path) -> None:
    """A release marked by the default of issue 9's second round, metadata stripped and downscaled."""
    from guardrail.policy.schema import Policy, WatermarkConfig
    from guardrail.provenance import Marker

    policy = Policy(name="default")
    wm = WatermarkConfig(backend="latticeSync")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    released = Marker(policy, model_id="m", store=SQLiteManifestStore(tmp_path / "marking.db")).mark(photo("coffee"))
    buf = io.BytesIO()
    released.image.resize((384, 384)).save(buf, "JPEG", quality=80)
    report = _verify_elsewhere(buf.getvalue(), tmp_path)
    assert report.verdict == "ai-watermarked" and report.watermark.watermark_id == released.watermark_id


def test_a_store_with_latticesync_releases_reads_them_with_their_own_reader_too(photo, tmp_path: Path) -> None:
    """latticeSync is not a default reader; a store that recorded it adds it after the defaults."""
    from guardrail.policy.schema import Policy, WatermarkConfig
    from guardrail.provenance import Marker
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS, _readers

    store = SQLiteManifestStore(tmp_path / "marking.db")
    assert "latticeSync" not in [getattr(r, "backend", r) for r in _readers(store, DEFAULT_READ_BACKENDS)]
    policy = Policy(name="default")
    wm = WatermarkConfig(backend="latticeSync")
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    Marker(policy, model_id="m", store=store).mark(photo("coffee"))
    readers = [getattr(r, "backend", r) for r in _readers(store, DEFAULT_READ_BACKENDS)]
    assert readers == [*DEFAULT_READ_BACKENDS, "latticeSync"]


@pytest.mark.parametrize("backend", ["dwtDctSvdPlus", "dwtDctSvd"])
def test_releases_marked_by_the_earlier_default_codecs_still_verify(
    photo, tmp_path: Path, use_marked_home: Path, backend: str
) -> None:
    from guardrail.policy.schema import Policy, WatermarkConfig
    from guardrail.provenance import Marker

    policy = Policy(name="default")
    wm = WatermarkConfig(backend=backend)
    policy = policy.model_copy(update={"provenance": policy.provenance.model_copy(update={"watermark": wm})})
    released = Marker(policy, model_id="m", store=SQLiteManifestStore(tmp_path / "marking.db")).mark(photo("coffee"))
    buf = io.BytesIO()
    released.image.save(buf, "PNG")  # metadata stripped: the manifest is gone, only the pixels remain
    report = _verify_elsewhere(buf.getvalue(), tmp_path)
    assert report.verdict == "ai-watermarked"
    assert report.watermark.backend == backend and report.watermark.watermark_id == released.watermark_id


def test_each_reader_is_read_once_even_when_given_twice(tmp_path: Path) -> None:
    """The service puts its policy's backend before the defaults: the same reader is not read (and its
    tries counted in the false-positive bound) twice."""
    from guardrail.policy.schema import WatermarkConfig
    from guardrail.provenance.verify import DEFAULT_READ_BACKENDS, _readers

    store = SQLiteManifestStore(tmp_path / "empty.db")
    given = [WatermarkConfig(backend="latticeSync2"), *DEFAULT_READ_BACKENDS, "dwtDctSvd"]
    readers = _readers(store, given)
    assert [getattr(r, "backend", r) for r in readers] == list(DEFAULT_READ_BACKENDS)
    other = WatermarkConfig(backend="dwtDctSvdPlus", options={"level": 3})  # other options: another reader
    assert len(_readers(store, [*DEFAULT_READ_BACKENDS, other])) == len(DEFAULT_READ_BACKENDS) + 1
