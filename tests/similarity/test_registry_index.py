"""The reference registry's index file: the matcher saves its code table and index once large, the next
matcher maps it and reads only the codes added since, and a file the registry disagrees with (references
removed, another registry, damaged, writable by others) is ignored and rebuilt."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from guardrail.policy.schema import SimilaritySection
from guardrail.similarity import index as index_module
from guardrail.similarity import registry_index
from guardrail.similarity.fingerprint import FINGERPRINT_KIND
from guardrail.similarity.matcher import SimilarityMatcher
from guardrail.similarity.registry import SQLiteReferenceRegistry


@pytest.fixture(autouse=True)
def save_early(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry_index, "SAVE_MIN_CODES", 56)  # two references of 28 codes
    monkeypatch.setattr(index_module, "_MIN_TAIL", 32)  # a bulk load of a few references is one segment


def _jpeg(img: Image.Image) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _codes_read(registry: SQLiteReferenceRegistry) -> list[int]:
    """Record the code id every code-table read starts after."""
    seen: list[int] = []
    original = registry.codes

    def spy(kind: str, nbytes: int, after: int = 0):  # type: ignore[no-untyped-def]
        seen.append(after)
        return original(kind, nbytes, after)

    registry.codes = spy  # type: ignore[method-assign]
    return seen


def _matched(matcher: SimilarityMatcher, image: Image.Image) -> list[str]:
    return [m.artist for m in matcher.check(image).matches if m.matched]


def _registry(engine: str, tmp_path: Path) -> SQLiteReferenceRegistry:
    return SQLiteReferenceRegistry(None if engine == "postgres" else tmp_path / "references.db")


def test_next_matcher_maps_the_file_and_reads_only_new_codes(photo_files, photos, engine: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _registry(engine, tmp_path)
    first.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    first.add("Bo", [photo_files["camera"]])
    matcher = SimilarityMatcher(first, SimilaritySection())
    probe = _jpeg(photos["rocket"])
    expected = matcher.check(probe)
    assert [m.artist for m in expected.matches if m.matched] == ["Ada"]
    path = first.index_file
    assert path.is_file() and path.stat().st_mode & 0o077 == 0  # saved, private
    assert isinstance(matcher._snapshot.index.segments[0].words, np.memmap)  # and mapped back
    last = int(first.codes(FINGERPRINT_KIND, 8).code_ids[-1])

    second = _registry(engine, tmp_path)  # another process's view of the same registry
    reads = _codes_read(second)
    mapped = SimilarityMatcher(second, SimilaritySection())
    assert mapped.check(probe).model_dump() == expected.model_dump()
    assert reads == [last]  # only the codes after the file's last one were read
    assert isinstance(mapped._snapshot.table.codes, np.memmap) and mapped._snapshot.n_refs == 3

    first.add("Cat", [photo_files["chelsea"]])  # added by another registry object after the file was written
    assert _matched(mapped, _jpeg(photos["chelsea"])) == ["Cat"]  # followed by the mapped matcher
    third = _registry(engine, tmp_path)
    reads = _codes_read(third)
    fresh = SimilarityMatcher(third, SimilaritySection())
    assert _matched(fresh, _jpeg(photos["chelsea"])) == ["Cat"] and reads == [last]
    assert fresh.check(probe).references == 4
    for registry in (first, second, third):
        registry.close()


def test_a_removal_makes_the_file_stale_and_it_is_rebuilt(photo_files, photos, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry(tmp_path / "references.db")
    (rocket,) = registry.add("Ada", [photo_files["rocket"]])
    registry.add("Bo", [photo_files["camera"], photo_files["chelsea"]])
    SimilarityMatcher(registry, SimilaritySection()).check(photos["rocket"])
    saved = registry.index_file.read_bytes()
    registry.remove(ids=[rocket.id])  # by another registry object: this process's matchers never saw it
    other = SQLiteReferenceRegistry(tmp_path / "references.db")
    reads = _codes_read(other)
    matcher = SimilarityMatcher(other, SimilaritySection())
    assert _matched(matcher, _jpeg(photos["rocket"])) == []  # the removed reference is not found
    assert reads == [0] and matcher._snapshot.n_refs == 2  # every code read again ...
    assert registry.index_file.read_bytes() != saved  # ... and the file written again, which the next maps
    last = int(registry.codes(FINGERPRINT_KIND, 8).code_ids[-1])
    reads = _codes_read(registry)
    assert _matched(SimilarityMatcher(registry, SimilaritySection()), _jpeg(photos["camera"])) == ["Bo"]
    assert reads == [last]
    other.close()
    registry.close()


def test_untrusted_or_foreign_files_are_not_mapped(photo_files, photos, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry(tmp_path / "a" / "references.db")
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    SimilarityMatcher(registry, SimilaritySection()).check(photos["rocket"])
    path = registry.index_file

    os.chmod(path, 0o666)  # another user could have written it (e.g. to hide a reference)
    reads = _codes_read(registry)
    assert _matched(SimilarityMatcher(registry, SimilaritySection()), _jpeg(photos["rocket"])) == ["Ada"]
    assert reads == [0]

    os.chmod(path, 0o600)
    raw = path.read_bytes()
    at = raw.index(b'"last_code": "') + len(b'"last_code": "')
    path.write_bytes(raw[:at] + b"zz" + raw[at + 2 :])  # a header that parses but whose meta does not
    reads.clear()
    assert _matched(SimilarityMatcher(registry, SimilaritySection()), _jpeg(photos["rocket"])) == ["Ada"]
    assert reads == [0]  # rebuilt, never an error

    path.write_bytes(path.read_bytes()[:200])  # damaged (and rewritten private by the rebuild)
    reads.clear()
    assert _matched(SimilarityMatcher(registry, SimilaritySection()), _jpeg(photos["coffee"])) == ["Ada"]
    assert reads == [0] and path.stat().st_mode & 0o077 == 0

    other = SQLiteReferenceRegistry(tmp_path / "b" / "references.db")  # another registry, the first's file
    other.add("Bo", [photo_files["camera"], photo_files["chelsea"]])
    shutil.copy(path, other.index_file)
    os.chmod(other.index_file, 0o600)
    reads = _codes_read(other)
    matcher = SimilarityMatcher(other, SimilaritySection())
    assert _matched(matcher, _jpeg(photos["rocket"])) == [] and _matched(matcher, _jpeg(photos["camera"])) == ["Bo"]
    assert reads == [0]
    registry.close()
    other.close()


def test_a_file_replaced_while_it_was_saved_is_not_mapped(photo_files, photos, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another process saving an older view of the registry between this save's rename and its read:
    mapping that file would hide the references added since (a copy of a protected artwork passes)."""
    registry = _registry("sqlite", tmp_path)
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    assert _matched(SimilarityMatcher(registry, SimilaritySection()), _jpeg(photos["coffee"])) == ["Ada"]
    older = tmp_path / "older-view"
    shutil.copy(registry.index_file, older)  # the file of a registry holding Ada only
    registry.index_file.unlink()
    registry.add("Cat", [photo_files["camera"]])
    real_save = registry_index.save_index

    def save_then_the_older_lands(*args, **kwargs):  # type: ignore[no-untyped-def]
        written = real_save(*args, **kwargs)
        shutil.copy(older, registry.index_file)  # same owner, mode 0600: only its content betrays it
        return written

    monkeypatch.setattr(registry_index, "save_index", save_then_the_older_lands)
    matcher = SimilarityMatcher(_registry("sqlite", tmp_path), SimilaritySection())
    assert _matched(matcher, _jpeg(photos["camera"])) == ["Cat"]
    assert _matched(matcher, _jpeg(photos["camera"])) == ["Cat"]  # and on later checks
