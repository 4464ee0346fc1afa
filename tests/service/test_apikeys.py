"""The API key store on SQLite and PostgreSQL: a key made by one replica works (and is revoked) in another."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from guardrail.errors import InputError
from guardrail.service.apikeys import ApiKeyStore


def test_a_key_made_in_one_store_authenticates_and_is_revoked_in_another(
    db_location: Callable[[str], str | Path],
) -> None:
    where = db_location("apikeys.db")
    with ApiKeyStore(where) as first, ApiKeyStore(where) as second:
        key, token = first.create("verify,screen", name="replica test")
        assert key.scopes == ["screen", "verify"]
        assert second.authenticate(token) == key
        assert second.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert [k.key_id for k in second.list()] == [key.key_id]
        assert first.revoke(key.key_id).revoked is not None
        assert second.authenticate(token) is None
        with pytest.raises(InputError, match="no API key"):
            second.revoke("000000000000")
