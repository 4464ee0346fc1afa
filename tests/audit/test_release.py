"""Write-ahead release and recovery: no file under its final name without its committed record."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from skimage import data

from guardrail.audit import AuditLog
from guardrail.audit.recover import has_pending, recover
from guardrail.audit.release import ReleaseFile, pending_folder, publish, sha256_hex, temp_name
from guardrail.errors import InputError, StoreError
from guardrail.policy.schema import Policy
from guardrail.provenance import Marker
from guardrail.provenance.store import SQLiteManifestStore


@pytest.fixture(scope="module")
def signed() -> Any:
    """One signed image and its manifest row (nothing stored): Marker._sign on the astronaut photo."""
    import tempfile

    old = os.environ.get("GUARDRAIL_HOME")
    os.environ["GUARDRAIL_HOME"] = tempfile.mkdtemp()
    try:
        marker = Marker(
            Policy(name="default"),
            model_id="demo",
            store=SQLiteManifestStore(Path(os.environ["GUARDRAIL_HOME"]) / "m.db"),
        )
        return marker._sign(Image.fromarray(data.astronaut()).resize((256, 256)), fmt="png")
    finally:
        if old is not None:
            os.environ["GUARDRAIL_HOME"] = old


def _records(make_request: Any, make_image: Any, request_id: str, out: Path, marked: Any) -> tuple[Any, list[Any]]:
    request = make_request(request_id, operation="mark", prompt_action=None, attempts=1)
    image = make_image(
        request_id,
        output_path=str(out),
        watermark_id=marked.watermark_id,
        manifest_hash=marked.manifest_hash,
        file_sha256=sha256_hex(marked.data),
    )
    return request, [image]


def test_publish_commits_the_record_then_puts_the_file_in_place(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any, db_location: Any
) -> None:
    out, store = tmp_path / "out.png", SQLiteManifestStore(db_location("m.db"))
    request, images = _records(make_request, make_image, "r1", out, signed)
    publish(
        log,
        request,
        images,
        files=[ReleaseFile(out, signed.data, 0, signed.watermark_id)],
        manifests=[signed.record],
        store=store,
    )
    assert out.read_bytes() == signed.data
    assert log.get_request("r1")[1][0].file_sha256 == sha256_hex(out.read_bytes())
    assert store.get(signed.watermark_id) is not None
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left
    assert not has_pending()


def test_when_the_record_cannot_be_committed_nothing_is_released(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any, db_location: Any
) -> None:
    out, store = tmp_path / "out.png", SQLiteManifestStore(db_location("m.db"))
    request, images = _records(make_request, make_image, "r1", out, signed)
    log.log_request(request)  # the same request id again: a real commit failure (records are never replaced)
    with pytest.raises(StoreError, match="already in the audit log"):
        publish(
            log,
            request,
            images,
            files=[ReleaseFile(out, signed.data, 0, signed.watermark_id)],
            manifests=[signed.record],
            store=store,
        )
    assert not out.exists() and store.count() == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert not has_pending()


def test_an_existing_target_is_never_clobbered(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any, db_location: Any
) -> None:
    out = tmp_path / "out.png"
    out.write_bytes(b"keep me")
    request, images = _records(make_request, make_image, "r1", out, signed)
    with pytest.raises(InputError, match="already exists"):
        publish(
            log,
            request,
            images,
            files=[ReleaseFile(out, signed.data, 0)],
            manifests=[signed.record],
            store=SQLiteManifestStore(db_location("m.db")),
        )
    assert out.read_bytes() == b"keep me"
    with pytest.raises(InputError):
        log.get_request("r1")


def _crashed_state(
    tmp_path: Path, signed: Any, *, committed: bool, log: AuditLog, make_request: Any, make_image: Any
) -> tuple[Path, Path, SQLiteManifestStore]:
    """The state a kill -9 leaves between the manifest row and the rename: entry, temp file, row (and the record)."""
    store = SQLiteManifestStore(os.environ.get("GUARDRAIL_DATABASE_URL") or tmp_path / "m.db")
    out = tmp_path / "out.png"
    token = "feed" * 8
    temp = temp_name(out, token)
    temp.write_bytes(signed.data)
    store.put(signed.record)
    request, images = _records(make_request, make_image, "r1", out, signed)
    if committed:
        log.log_request_with_images(request, images)
    entry = {
        "token": token,
        "request_id": "r1",
        "pid": 1,
        "created": "2026-12-03T10:00:00+00:00",
        "policy": request.policy.model_dump(mode="json"),
        "model_id": "demo",
        "audit": str(log.path),
        "store": str(store.path),
        "watermark_ids": [signed.watermark_id],
        "files": [
            {
                "index": 0,
                "final": str(out),
                "temp": str(temp),
                "sha256": sha256_hex(signed.data),
                "watermark_id": signed.watermark_id,
            }
        ],
    }
    pending_folder().mkdir(parents=True, exist_ok=True)
    (pending_folder() / f"{token}.json").write_text(json.dumps(entry))
    return out, temp, store


def test_recover_rolls_back_a_committed_release_whose_file_never_got_its_name(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any
) -> None:
    out, temp, store = _crashed_state(
        tmp_path, signed, committed=True, log=log, make_request=make_request, make_image=make_image
    )
    report = recover(audit=log)
    assert [(a.action, a.path or a.watermark_id) for a in report.actions] == [
        ("rolled-back", str(out)),
        ("removed-manifest", signed.watermark_id),
    ]
    assert not out.exists() and not temp.exists() and store.get(signed.watermark_id) is None and not has_pending()
    noted = [r for r in log.list_requests() if r.operation == "recover"]
    assert len(noted) == 1 and noted[0].recovery == report.actions and log.verify().ok


def test_recover_removes_what_an_uncommitted_release_left(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any
) -> None:
    out, temp, store = _crashed_state(
        tmp_path, signed, committed=False, log=log, make_request=make_request, make_image=make_image
    )
    report = recover(audit=log)
    assert sorted(a.action for a in report.actions) == ["removed-manifest", "removed-temp"]
    assert not out.exists() and not temp.exists() and store.count() == 0
    assert recover(audit=log).checked == 0  # done once


def test_recover_keeps_a_completed_release(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any
) -> None:
    out, temp, store = _crashed_state(
        tmp_path, signed, committed=True, log=log, make_request=make_request, make_image=make_image
    )
    os.replace(temp, out)  # killed after the rename, before the entry was removed
    report = recover(audit=log)
    assert [a.action for a in report.actions] == ["completed"]
    assert out.read_bytes() == signed.data and store.get(signed.watermark_id) is not None


def test_recover_leaves_a_running_release_alone(
    log: AuditLog, tmp_path: Path, signed: Any, make_request: Any, make_image: Any
) -> None:
    out, temp, store = _crashed_state(
        tmp_path, signed, committed=False, log=log, make_request=make_request, make_image=make_image
    )
    entry = next(pending_folder().glob("*.json"))
    fd = os.open(entry, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the owner is alive
        report = recover(audit=log)
        assert report.in_progress == 1 and report.actions == [] and temp.exists() and store.count() == 1
    finally:
        os.close(fd)
    assert recover(audit=log).actions  # once the owner is gone


def test_marker_mark_returns_only_after_its_audit_record_is_committed(tmp_path: Path) -> None:
    store = SQLiteManifestStore(tmp_path / "m.db")
    marked = Marker(Policy(name="default"), model_id="demo", store=store).mark(
        Image.fromarray(data.coffee()).resize((256, 256))
    )
    with AuditLog() as log:
        request = log.list_requests()[0]
        image = log.get_request(request.request_id)[1][0]
    assert (request.operation, request.final_action) == ("mark", "released")
    assert (image.watermark_id, image.file_sha256) == (marked.watermark_id, sha256_hex(marked.data))


def test_marker_mark_with_a_broken_audit_log_stores_and_returns_nothing(temp_home: Path, tmp_path: Path) -> None:
    temp_home.mkdir(parents=True, exist_ok=True)
    (temp_home / "audit.db").write_bytes(os.urandom(4096))
    store = SQLiteManifestStore(tmp_path / "m.db")
    with pytest.raises(StoreError, match="cannot open the audit log") as err:
        Marker(Policy(name="default"), model_id="demo", store=store).mark(
            Image.fromarray(data.coffee()).resize((256, 256))
        )
    assert err.value.where == str(temp_home / "audit.db") and store.count() == 0


def test_pipeline_refuses_a_lone_surrogate_with_a_record(temp_home: Path) -> None:
    from guardrail.pipeline import GuardedPipeline

    pipe = GuardedPipeline(None, policy=Policy(name="default"), model_id="demo")
    with pytest.raises(InputError, match="not valid Unicode") as err:
        pipe("a cat \ud83d on a sofa")
    assert err.value.where == "prompt"
    with AuditLog() as log:
        (record,) = log.list_requests()
        assert log.verify().ok
    assert (record.final_action, record.prompt, record.prompt_action) == ("refused", "a cat \\ud83d on a sofa", None)
    with pytest.raises(InputError) as neg:
        pipe("a cat", negative_prompt="\udcff")
    assert neg.value.where == "negative_prompt"


def test_hash_mode_refusal_keeps_only_the_digest(temp_home: Path) -> None:
    from guardrail.audit import prompt_digest
    from guardrail.pipeline import GuardedPipeline

    policy = Policy.model_validate({"name": "p", "audit": {"prompt": "hash"}})
    with pytest.raises(InputError):
        GuardedPipeline(None, policy=policy, model_id="demo")("secret \udcff")
    with AuditLog() as log:
        (record,) = log.list_requests()
    assert record.prompt is None and record.prompt_hmac == prompt_digest("secret \udcff")
