"""Personal data never reaches a log line: SNILS, phones, passports, e-mails are masked."""

from __future__ import annotations

import io
import json
import logging

import pytest
from httpx import AsyncClient

from api.logs import PersonalDataFilter, RequestIdFilter, configure_logging, mask_personal_data


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("СНИЛС 112-233-445 95 принят", "СНИЛС ***-***-445 95 принят"),
        ("snils=11223344595", "snils=***-***-445 95"),
        ("звонок на +7 (999) 123-45-67", "звонок на +7 *** ***-**-67"),
        ("phone 89991234567 ok", "phone +7 *** ***-**-67 ok"),
        ("паспорт 4509 123456", "паспорт ** ** ******"),
        ("свидетельство IV-МЮ 123456", "свидетельство ***-** ******"),
        ("mail ivanova.m@yandex.ru", "mail ***@yandex.ru"),
        ("ничего личного", "ничего личного"),
    ],
)
def test_mask_personal_data(raw: str, masked: str) -> None:
    assert mask_personal_data(raw) == masked


def test_json_log_line_masks_message_extras_and_tracebacks() -> None:
    stream = io.StringIO()
    configure_logging("INFO", json=True)
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    logger = logging.getLogger("edudiary.test")

    logger.info("login for %s", "+79991234567", extra={"snils": "112-233-445 95"})
    try:
        raise ValueError("bad passport 4509 123456")
    except ValueError:
        logger.exception("failed")

    output = stream.getvalue()
    assert "9991234567" not in output
    assert "112-233" not in output
    assert "4509 123456" not in output
    first = json.loads(output.splitlines()[0])
    assert first["message"] == "login for +7 *** ***-**-67"
    assert first["snils"] == "***-***-445 95"
    assert first["level"] == "INFO"
    assert "request_id" in first


def test_filters_are_installed_on_the_handler() -> None:
    configure_logging("INFO", json=False)
    filters = logging.getLogger().handlers[0].filters
    assert any(isinstance(f, PersonalDataFilter) for f in filters)
    assert any(isinstance(f, RequestIdFilter) for f in filters)


async def test_access_log_records_route_template_not_secrets(
    client: AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="edudiary.access")

    await client.get("/api/v1/dev/outbox", params={"to": "+79991234567"})

    access = [r for r in caplog.records if r.name == "edudiary.access"]
    assert [getattr(r, "path", None) for r in access] == ["/api/v1/dev/outbox"]
    assert all("9991234567" not in str(r.__dict__) for r in access)


def test_no_ansi_color_message_in_json_lines() -> None:
    # uvicorn logs «Uvicorn running on …» with a copy of the message in ANSI colours.
    stream = io.StringIO()
    configure_logging("INFO", json=True)
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)

    logging.getLogger("uvicorn.error").info(
        "Uvicorn running on %s",
        "http://127.0.0.1:8000",
        extra={"color_message": "Uvicorn running on \x1b[1m%s\x1b[0m"},
    )

    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["message"] == "Uvicorn running on http://127.0.0.1:8000"
    assert "color_message" not in line
    assert "\x1b" not in stream.getvalue()


def test_plain_text_logs_in_development_and_json_in_production(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.config import Settings

    monkeypatch.delenv("EDUDIARY_LOG_JSON", raising=False)
    production = Settings(
        env="production",
        database_url="postgresql://x/y",
        secret_keys="k1:0123456789abcdef0123",
        sms_gateway="http",
        sms_http_url="http://sms.example",
        email_gateway="smtp",
        jwt_private_keys="-----BEGIN EC PRIVATE KEY-----",
        public_url="https://dnevnik.school.ru",
    )
    assert Settings(env="development").log_json is False
    assert Settings(env="development", log_json=True).log_json is True
    monkeypatch.setenv("EDUDIARY_LOG_JSON", "true")
    assert Settings(env="development").log_json is True
    assert production.log_json is True
