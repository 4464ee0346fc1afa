"""guardrail.folders: a folder scan never skips what it cannot read."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from guardrail.errors import InputError
from guardrail.folders import image_files_in

NOBODY = 65534


@pytest.fixture
def shots() -> Iterator[Path]:
    """``shots/good.png`` and ``shots/locked/hidden.png`` in a folder another user may enter (for the root case)."""
    base = Path(tempfile.mkdtemp(prefix="guardrail-scan-"))
    base.chmod(0o755)
    folder = base / "shots"
    (folder / "locked").mkdir(parents=True)
    folder.chmod(0o755)
    (folder / "good.png").write_bytes(b"png")
    (folder / "locked" / "hidden.png").write_bytes(b"png")
    (folder / "locked").chmod(0o000)  # no one but root may list it
    yield folder
    (folder / "locked").chmod(0o700)
    shutil.rmtree(base)


def _scan_as_unprivileged(folder: Path) -> str:
    """What ``image_files_in(folder)`` does for a user who may not list ``locked/``: run as that user."""
    if os.geteuid() != 0:
        try:
            return "found " + ",".join(p.name for p in image_files_in(folder, {".png"}))
        except InputError as err:
            return f"refused {err.where}"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: drop to nobody (as root, 0o000 would not stop a listing)
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                out = "found " + ",".join(p.name for p in image_files_in(folder, {".png"}))
            except InputError as err:
                out = f"refused {err.where}"
        except BaseException as err:  # noqa: BLE001 - report, never hang the parent
            out = f"crashed {type(err).__name__}: {err}"
        os.write(write, out.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        out = pipe.read().decode()
    os.waitpid(pid, 0)
    return out


def test_a_subfolder_the_user_may_not_list_is_refused_not_skipped(shots: Path) -> None:
    """Red team: Path.rglob drops a PermissionError silently, so ``locked/hidden.png`` was neither checked nor
    reported and the scan looked complete. The scan now stops with an error naming the folder."""
    assert _scan_as_unprivileged(shots) == f"refused {shots / 'locked'}"


def test_a_readable_tree_lists_images_in_order_and_not_folders_named_like_images(tmp_path: Path) -> None:
    (tmp_path / "b" / "dir.png").mkdir(parents=True)
    for name in ("b/z.PNG", "a.jpg", "b/notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    os.symlink(tmp_path / "gone.png", tmp_path / "lost.png")  # broken link: returned, the reader refuses it
    found = image_files_in(tmp_path, {".png", ".jpg"})
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.jpg", "b/z.PNG", "lost.png"]


def test_an_image_whose_name_hides_its_format_is_scanned(tmp_path: Path) -> None:
    """Red team: a JPEG saved as ``x.jfif`` (or renamed ``x.bin``) was skipped by every folder scan, so a marked
    release in a folder of other images was neither verified nor checked, and nothing said so."""
    from PIL import Image
    from skimage import data

    img = Image.fromarray(data.chelsea()).resize((64, 64))
    img.save(tmp_path / "cat.jfif", format="JPEG")
    img.save(tmp_path / "cat", format="PNG")
    img.save(tmp_path / "cat.bin", format="BMP")
    (tmp_path / "notes.txt").write_text("BM is not a bitmap header\n")
    (tmp_path / "empty.dat").write_bytes(b"")
    found = {p.name for p in image_files_in(tmp_path, {".png", ".jpg", ".jpeg"})}
    assert found == {"cat.jfif", "cat"}  # the BMP is not a format this caller reads
    assert {p.name for p in image_files_in(tmp_path, {".png", ".jpg", ".bmp"})} == {"cat.jfif", "cat", "cat.bin"}


def _names(found: list[Path], base: Path) -> list[str]:
    return [p.relative_to(base).as_posix() for p in found]


def test_a_link_to_a_folder_outside_the_tree_is_followed(tmp_path: Path) -> None:
    """Red team: ``inbox/2024 -> archive/2024`` was neither followed nor reported, so a release kept there was
    neither verified nor checked and the scan looked complete. Its images are now in the scan, under the link."""
    (tmp_path / "archive" / "2024" / "deep").mkdir(parents=True)
    (tmp_path / "archive" / "2024" / "deep" / "release.png").write_bytes(b"x")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.png").write_bytes(b"x")
    os.symlink(tmp_path / "archive" / "2024", tmp_path / "inbox" / "2024")
    found = image_files_in(tmp_path / "inbox", {".png"})
    assert _names(found, tmp_path / "inbox") == ["2024/deep/release.png", "a.png"]


def test_a_link_loop_ends_and_each_folder_is_scanned_once_under_its_real_name(tmp_path: Path) -> None:
    """A link back to an ancestor (a loop) or to a sibling (a second name) adds nothing: every image once,
    named by its real path, and the scan ends."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "z").mkdir()
    (tmp_path / "a" / "b" / "one.png").write_bytes(b"x")
    (tmp_path / "z" / "two.png").write_bytes(b"x")
    os.symlink(tmp_path, tmp_path / "a" / "b" / "up")  # loop to the top
    os.symlink(tmp_path / "z", tmp_path / "a" / "alias")  # sorts before z/ but z is named by its real path
    os.symlink(tmp_path / "a", tmp_path / "z" / "back")  # loop between two folders
    found = image_files_in(tmp_path, {".png"})
    assert _names(found, tmp_path) == ["a/b/one.png", "z/two.png"]


def test_links_between_outside_folders_are_followed_once_each(tmp_path: Path) -> None:
    """Two outside folders that link to each other: both scanned, once, and the scan ends."""
    for name in ("scan", "p", "q"):
        (tmp_path / name).mkdir()
    (tmp_path / "p" / "p.png").write_bytes(b"x")
    (tmp_path / "q" / "q.png").write_bytes(b"x")
    os.symlink(tmp_path / "q", tmp_path / "p" / "to-q")
    os.symlink(tmp_path / "p", tmp_path / "q" / "to-p")
    os.symlink(tmp_path / "p", tmp_path / "scan" / "p")
    found = image_files_in(tmp_path / "scan", {".png"})
    assert _names(found, tmp_path / "scan") == ["p/p.png", "p/to-q/q.png"]
