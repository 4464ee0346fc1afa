"""Backends of every kind resolve from the explicit dict or from installed entry-point plugins."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from skimage import data

from guardrail.checks.registry import available_backends as classifier_backends
from guardrail.errors import BackendError
from guardrail.provenance.watermark import WatermarkBackend, available_backends, get_backend

PLUGIN = '''
"""A third-party watermark: message bits in the blue channel's least significant bit."""
import numpy as np


class LsbBackend:
    name = "lsb"
    capacity_bits = None
    min_side = 8

    def __init__(self, stride: int) -> None:
        self.stride = stride

    @classmethod
    def from_options(cls, options):
        return cls(int(options.get("stride", 1)))

    def embed(self, rgb, bits):
        out = rgb.copy()
        flat = out[..., 2].reshape(-1)
        idx = np.arange(len(bits)) * self.stride
        flat[idx] = (flat[idx] & 0xFE) | bits.astype(np.uint8)
        out[..., 2] = flat.reshape(out.shape[:2])
        return out

    def extract(self, rgb, n_bits):
        flat = rgb[..., 2].reshape(-1)
        yield (flat[np.arange(n_bits) * self.stride] & 1).astype(np.float32)
'''


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real distribution on sys.path: a module plus a dist-info declaring two entry points."""
    (tmp_path / "thirdparty_lsb.py").write_text(PLUGIN)
    dist = tmp_path / "thirdparty_lsb-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: thirdparty-lsb\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        textwrap.dedent("""\
        [guardrail.backends]
        watermark.lsb-test = thirdparty_lsb:LsbBackend
        watermark.broken-test = thirdparty_lsb:NoSuchClass
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_finds_third_party_watermark_backend_through_entry_point(installed_plugin: Path) -> None:
    assert "lsb-test" in available_backends()
    backend = get_backend("lsb-test", {"stride": 3})
    assert isinstance(backend, WatermarkBackend) and type(backend).__module__ == "thirdparty_lsb"
    assert backend.stride == 3
    rgb = data.chelsea()
    bits = np.random.default_rng(7).integers(0, 2, 64).astype(np.uint8)
    scores = next(iter(backend.extract(backend.embed(rgb, bits), 64)))
    assert np.array_equal(scores.round().astype(np.uint8), bits)


def test_watermark_plugin_is_not_offered_as_a_classifier(installed_plugin: Path) -> None:
    assert "lsb-test" not in classifier_backends()
    assert "dwtDctSvdPlus" in available_backends() and "nudenet" in classifier_backends()


def test_unknown_watermark_name_lists_builtins_and_plugins(installed_plugin: Path) -> None:
    with pytest.raises(BackendError) as info:
        get_backend("nope")
    assert "unknown watermark backend 'nope'" in str(info.value)
    assert "lsb-test" in info.value.fix and "dwtDctSvdPlus" in info.value.fix


def test_plugin_that_cannot_be_imported_is_a_backend_error(installed_plugin: Path) -> None:
    with pytest.raises(BackendError, match="cannot be imported"):
        get_backend("broken-test")
