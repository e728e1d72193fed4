"""``edudiary create-user`` writes to the same database the server uses."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from api.cli import main
from api.config import get_settings
from api.db import libpq_url
from tests.identity.conftest import PASSWORD

CLI_PHONE = "+79990003344"


@pytest.fixture
def cli_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("EDUDIARY_ENV", "test")
    get_settings.cache_clear()
    try:
        yield database_url
    finally:
        get_settings.cache_clear()
        with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
            conn.execute("DELETE FROM accounts WHERE phone = %s", (CLI_PHONE,))


def run(*extra: str) -> list[str]:
    return [
        "create-user",
        "--role",
        "operator",
        "--phone",
        "8 999 000-33-44",
        "--password",
        PASSWORD,
        "--last-name",
        "Сидорова",
        "--first-name",
        "Анна",
        *extra,
    ]


def test_create_user_makes_a_confirmed_active_staff_account(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run("--middle-name", "Игоревна")) == 0
    account_id = capsys.readouterr().out.strip()

    with psycopg.connect(libpq_url(cli_database)) as conn:
        row = conn.execute(
            "SELECT id::text, phone, level::text, status::text, roles, middle_name, "
            "phone_confirmed_at IS NOT NULL FROM accounts WHERE phone = %s",
            (CLI_PHONE,),
        ).fetchone()
    assert row == (account_id, CLI_PHONE, "confirmed", "active", ["operator"], "Игоревна", True)


def test_create_user_refuses_a_duplicate_in_russian(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(run()) == 0
    capsys.readouterr()

    assert main(run()) == 1
    assert "уже существует" in capsys.readouterr().err


def test_create_user_validates_like_registration(
    cli_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = run()
    weak[weak.index("--password") + 1] = "qwerty"

    assert main(weak) == 1
    err = capsys.readouterr().err
    assert "Пароль: не короче 12 символов" in err
