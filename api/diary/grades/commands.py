"""``edudiary verify-signature FILE``: check a saved signed record without the database.

The keys come from a JWKS file (offline) or URL; by default from this server's
``/api/v1/signed-records/keys`` (``EDUDIARY_PUBLIC_URL``). Exit code 0: the signature is
valid; 1: it is not, or the record or the keys could not be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

import httpx

from api.diary.grades import signing

_REASONS = {
    "malformed": "это не подпись ведомости (ожидается компактная JWS ES256 без содержимого)",
    "unknown_key": "ключа с таким идентификатором нет в наборе ключей (JWKS)",
    "signature_mismatch": "документ изменён после подписи или подписан другим ключом",
}


def _load_jwks(source: str) -> dict[str, dict[str, Any]]:
    if source.startswith(("http://", "https://")):
        response = httpx.get(source, timeout=10.0, follow_redirects=True)
        response.raise_for_status()
        return signing.jwks_by_kid(response.json())
    return signing.jwks_by_kid(json.loads(Path(source).read_text(encoding="utf-8")))


def _describe(document: dict[str, Any]) -> list[str]:
    def name(key: str) -> str:
        part = document.get(key)
        return str(part.get("name", "—")) if isinstance(part, dict) else "—"

    term = document.get("term") if isinstance(document.get("term"), dict) else {}
    lines = [
        f"Школа: {name('school')}",
        f"Ведомость: {name('class')}, {name('subject')}, {name('term')} "
        f"{term.get('academic_year', '') if isinstance(term, dict) else ''}".rstrip(),
        f"Подписал: {name('signer')}",
        f"Дата подписи: {document.get('signed_at', '—')}",
        f"Оценок в ведомости: {len(document.get('grades') or [])}",
    ]
    if document.get("corrects"):
        lines.append(
            f"Исправляет запись {document['corrects']}: {document.get('correction_reason') or '—'}"
        )
    if document.get("excerpt_for"):
        lines.append("Это выписка: только строка одного ученика.")
    return lines


def verify_signature(file: str, jwks_source: str, out: TextIO = sys.stdout) -> int:
    try:
        saved = json.loads(Path(file).read_text(encoding="utf-8"))
        document, signature = saved["document"], saved["signature"]
        if not isinstance(document, dict) or not isinstance(signature, str):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        out.write(
            f"Не удалось прочитать ведомость из {file}: нужен JSON с полями document и "
            "signature (как его отдаёт GET /api/v1/signed-records/{id}).\n"
        )
        return 1
    try:
        keys = _load_jwks(jwks_source)
    except (OSError, ValueError, httpx.HTTPError):
        out.write(f"Не удалось получить ключи проверки (JWKS) из {jwks_source}.\n")
        return 1
    verdict = signing.verify(document, signature, keys)
    if not verdict.valid:
        reason = _REASONS.get(verdict.reason or "", "подпись не сходится")
        out.write(f"Подпись НЕВЕРНА: {reason}.\n")
        if verdict.key_id:
            out.write(f"Ключ: {verdict.key_id}\n")
        return 1
    out.write("Подпись верна: документ не изменялся после подписания.\n")
    for line in _describe(document):
        out.write(line + "\n")
    out.write(f"Ключ: {verdict.key_id}\n")
    return 0
