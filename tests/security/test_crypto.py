from __future__ import annotations

import pytest

from api.security import crypto


def _use_keys(monkeypatch: pytest.MonkeyPatch, spec: str) -> None:
    keys = crypto.parse_keys(spec)
    monkeypatch.setattr(crypto, "_keys", lambda: keys)


def test_round_trip_and_ciphertext_hides_the_value() -> None:
    blob = crypto.encrypt("112-233-445 95", aad="children.snils:1")

    assert b"112" not in blob
    assert crypto.decrypt(blob, aad="children.snils:1") == "112-233-445 95"


def test_blob_moved_to_another_row_or_column_does_not_decrypt() -> None:
    blob = crypto.encrypt("4509 123456", aad="accounts.passport:1")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad="accounts.passport:2")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob, aad="accounts.snils:1")


def test_tampered_blob_is_refused() -> None:
    blob = bytearray(crypto.encrypt("secret", aad="x"))
    blob[-1] ^= 1

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(blob), aad="x")


def test_rotation_new_key_encrypts_old_key_still_decrypts(monkeypatch: pytest.MonkeyPatch) -> None:
    _use_keys(monkeypatch, "old:old-secret-0123456789")
    old_blob = crypto.encrypt("value", aad="a")
    _use_keys(monkeypatch, "new:new-secret-0123456789,old:old-secret-0123456789")

    assert crypto.decrypt(old_blob, aad="a") == "value"
    assert crypto.encrypt("value", aad="a")[3:6] == b"new"


def test_removed_key_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    _use_keys(monkeypatch, "old:old-secret-0123456789")
    blob = crypto.encrypt("value", aad="a")
    _use_keys(monkeypatch, "new:new-secret-0123456789")

    with pytest.raises(crypto.DecryptionError, match="not configured"):
        crypto.decrypt(blob, aad="a")


def test_keyed_hash_is_stable_per_purpose_and_keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    first = crypto.keyed_hash("11223344595", purpose="snils")

    assert first == crypto.keyed_hash("11223344595", purpose="snils")
    assert first != crypto.keyed_hash("11223344595", purpose="passport")
    _use_keys(monkeypatch, "k2:another-secret-0123456789")
    assert first != crypto.keyed_hash("11223344595", purpose="snils")


def test_signatures_survive_rotation_and_reject_tampering(monkeypatch: pytest.MonkeyPatch) -> None:
    _use_keys(monkeypatch, "old:old-secret-0123456789")
    tag = crypto.sign("account:1:a@b.ru:1700000000", purpose="email")
    _use_keys(monkeypatch, "new:new-secret-0123456789,old:old-secret-0123456789")

    assert crypto.verify_signature("account:1:a@b.ru:1700000000", tag, purpose="email")
    assert not crypto.verify_signature("account:2:a@b.ru:1700000000", tag, purpose="email")
    assert not crypto.verify_signature("account:1:a@b.ru:1700000000", tag, purpose="reset")


@pytest.mark.parametrize("spec", ["", "nokey", "k:short", ":secret-0123456789abc"])
def test_bad_key_specs_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="EDUDIARY_SECRET_KEYS"):
        crypto.parse_keys(spec)
