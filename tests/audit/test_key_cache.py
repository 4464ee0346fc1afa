"""The current audit key is kept per process only while its folders and pointer are unchanged on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guardrail.audit.key import audit_key_ids, current_audit_key
from guardrail.errors import StoreError, UnsafePermissionsError

ROOT = Path(__file__).resolve().parents[2]


def test_a_rotation_by_another_process_is_used_at_the_next_call(temp_home: Path) -> None:
    old, _ = current_audit_key()
    assert current_audit_key()[0] == old  # kept
    env = dict(os.environ, GUARDRAIL_HOME=str(temp_home), PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "guardrail", "audit", "rotate-key"], env=env, check=True, capture_output=True)
    new, key = current_audit_key()
    assert new != old and new in audit_key_ids() and len(key) == 32


def test_a_keys_folder_made_writable_by_others_is_refused_at_the_next_call(temp_home: Path) -> None:
    current_audit_key()
    folder = temp_home / "audit-keys"
    folder.chmod(0o777)
    try:
        with pytest.raises(UnsafePermissionsError, match="audit keys folder"):
            current_audit_key()
    finally:
        folder.chmod(0o700)


def test_a_removed_current_key_is_reported_at_the_next_call(temp_home: Path) -> None:
    kid, _ = current_audit_key()
    (temp_home / "audit-keys" / f"{kid}.key").unlink()
    with pytest.raises(StoreError, match=f"audit key {kid} is missing"):
        current_audit_key()
