"""The reference registry (SQLite and PostgreSQL): add files and folders, list, remove, persist."""

from __future__ import annotations

from pathlib import Path

import pytest

from guardrail.database import database_url as db_url
from guardrail.database import redact_url
from guardrail.errors import ImageInputError, InputError
from guardrail.home import guardrail_home
from guardrail.similarity.fingerprint import FINGERPRINT_KIND, VERIFY_KIND, compute_fingerprint
from guardrail.similarity.registry import ReferenceRegistry, SQLiteReferenceRegistry

pytestmark = pytest.mark.usefixtures("engine")  # every test on SQLite and on PostgreSQL


def test_add_files_keeps_artist_source_and_fingerprints(photo_files: dict[str, Path], photos, engine: str) -> None:  # type: ignore[no-untyped-def]
    registry = SQLiteReferenceRegistry()
    assert isinstance(registry, ReferenceRegistry)
    [ref] = registry.add("Ada Painter", [photo_files["coffee"]])
    assert ref.artist == "Ada Painter"
    assert ref.source == str(photo_files["coffee"].resolve())
    assert (ref.width, ref.height) == photos["coffee"].size
    assert ref.fingerprints[0].variant == "canonical"
    assert ref.fingerprints[0].code == compute_fingerprint(photos["coffee"]).code
    assert {fp.variant for fp in ref.fingerprints} >= {"canonical", "crop90@0.5,0.5", "crop95@0,0"}
    # Every index code has a 256-bit verification code of the same variant.
    index = [(fp.variant, fp.bits) for fp in ref.fingerprints if fp.kind == FINGERPRINT_KIND]
    verify = [(fp.variant, fp.bits) for fp in ref.fingerprints if fp.kind == VERIFY_KIND]
    assert [v for v, _ in index] == [v for v, _ in verify]
    assert {b for _, b in index} == {64} and {b for _, b in verify} == {256}
    assert registry.unverified() == []
    assert registry.path == (guardrail_home() / "references.db" if engine == "sqlite" else redact_url(db_url()))


def test_folder_is_searched_recursively_and_progress_reported(photo_files: dict[str, Path]) -> None:
    folder = photo_files["coffee"].parent
    (folder / "notes.txt").write_text("not an image")
    seen: list[Path] = []
    refs = SQLiteReferenceRegistry().add("Bo", [folder], on_file=seen.append)
    assert len(refs) == len(photo_files) == len(seen)


def test_readding_same_file_is_idempotent(photo_files: dict[str, Path]) -> None:
    registry = SQLiteReferenceRegistry()
    first = registry.add("Bo", [photo_files["rocket"]])
    again = registry.add("Bo", [photo_files["rocket"]])
    assert first[0].id == again[0].id
    assert len(registry.list()) == 1


def test_list_filters_by_artist_and_persists(photo_files: dict[str, Path]) -> None:
    registry = SQLiteReferenceRegistry()
    registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    registry.add("Bo", [photo_files["camera"]])
    registry.close()
    reopened = SQLiteReferenceRegistry()
    assert [r.artist for r in reopened.list()] == ["Ada", "Ada", "Bo"]
    assert len(reopened.list("Bo")) == 1
    table = reopened.codes(FINGERPRINT_KIND, 8)
    assert len(table) == 3 * len([f for f in reopened.list()[0].fingerprints if f.kind == FINGERPRINT_KIND])
    assert table.codes.shape == (len(table), 8) and "canonical" in table.variants
    first = reopened.list()[0]
    assert table.lookup(int(table.code_ids[0])) == (first.id, "canonical")


def test_remove_by_id_artist_and_source(photo_files: dict[str, Path]) -> None:
    registry = SQLiteReferenceRegistry()
    a = registry.add("Ada", [photo_files["coffee"], photo_files["rocket"]])
    registry.add("Bo", [photo_files["camera"], photo_files["chelsea"]])
    rev = registry.revision()
    assert registry.remove(ids=[a[0].id]) == 1
    assert registry.revision() > rev
    assert registry.remove(source=photo_files["camera"]) == 1
    assert registry.remove(artist="Ada") == 1
    assert [r.source for r in registry.list()] == [str(photo_files["chelsea"].resolve())]
    assert registry.remove(artist="Nobody") == 0
    with pytest.raises(InputError):
        registry.remove()


def test_bad_image_and_missing_path_are_input_errors(tmp_path: Path) -> None:
    registry = SQLiteReferenceRegistry()
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"nope")
    with pytest.raises(ImageInputError):
        registry.add("Ada", [bad])
    with pytest.raises(ImageInputError, match="no such file"):
        registry.add("Ada", [tmp_path / "missing"])
    with pytest.raises(InputError):
        registry.add("  ", [bad])
    assert registry.list() == []


def test_protocol_is_an_interface_without_sqlite_code() -> None:
    """A server-backed registry that subclasses the Protocol must not inherit SQLite statements."""

    class Bare:
        pass

    bare = Bare()
    assert ReferenceRegistry.unverified(bare) is None  # type: ignore[arg-type]
    assert ReferenceRegistry.upgrade(bare) is None  # type: ignore[arg-type]
    assert ReferenceRegistry.codes(bare, "x", 8) is None  # type: ignore[arg-type]
    assert ReferenceRegistry.remove(bare, ids=[1]) is None  # type: ignore[arg-type]
