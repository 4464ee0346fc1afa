"""The benchmarks' measuring parts that decide a figure: they must count what they claim to count."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def watermark_bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import watermark_bench

        yield watermark_bench
    finally:
        sys.path.remove(str(BENCHMARKS))


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def test_fingerprint_column_finds_its_release_and_counts_another_pictures_release_as_false(watermark_bench) -> None:
    method = watermark_bench.Fingerprint(decoys=2)
    astronaut = watermark_bench.photo("astronaut", 256)
    coffee = watermark_bench.photo("coffee", 256)
    _, astronaut_id = method.embed(astronaut)
    _, coffee_id = method.embed(coffee)
    assert method.detect(_jpeg(astronaut, 75), astronaut_id)
    assert method.false_recoveries == 0
    # the lookup returns coffee's release for a copy of coffee: judged against astronaut's id it is false
    assert not method.detect(_jpeg(coffee, 75), astronaut_id)
    assert method.false_recoveries == 1 and method.lookups == 2
    # another release of the same picture (another size) is not a false recovery
    _, big_id = method.embed(watermark_bench.photo("astronaut", 512))
    assert method.detect(_jpeg(astronaut, 90), big_id) and method.false_recoveries == 1
    # unmarked images come from photos that were never released (chelsea's alias cat() excluded)
    assert "cat" not in method.fpr_sources and not set(watermark_bench.PHOTOS) & set(method.fpr_sources)
    hit, tries = method.false_positive(watermark_bench.photo("camera", 256))
    assert (hit, tries) == (False, 1)
    assert method.false_positive(astronaut) == (True, 1)  # a release itself: the lookup's "false" recovery


@pytest.mark.slow
def test_reader_equivalence_finds_a_changed_candidate(tmp_path, watermark_bench) -> None:
    """The gate that faster readers decode the same: identical dumps pass, a changed decode fails."""
    import numpy as np
    import reader_equivalence

    old, new = tmp_path / "old.npz", tmp_path / "new.npz"
    reader_equivalence.dump(old, ["astronaut"], [256], 2, ["none"])
    assert reader_equivalence.compare(old, old) == 0
    with np.load(old) as saved:
        arrays = {k: saved[k] for k in saved.files}
    key = "unmarked/0|dwtDctSvd"
    arrays[key] = arrays[key].copy()
    arrays[key][0, :8] = 1.0 - arrays[key][0, :8]  # eight hard bits flipped in one try: still no id
    np.savez(new, **arrays)
    assert reader_equivalence.compare(old, new) == 0  # decoded the same: what the gate is about
    meta = reader_equivalence.json.loads(str(arrays["meta"]))
    meta["unmarked/1"]["latticeSync"] = ["00c0ffee00d15ea5", 1]
    arrays["meta"] = np.array(reader_equivalence.json.dumps(meta))
    np.savez(new, **arrays)
    assert reader_equivalence.compare(old, new) == 1
