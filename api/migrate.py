"""Alembic, called from code (``edudiary migrate``, embedded start-up, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config


def _root() -> Path:
    # A source checkout keeps migrations/ beside api/; an installed package is run from a
    # directory that has them (the Docker image's /app).
    for base in (Path(__file__).resolve().parent.parent, Path.cwd()):
        if (base / "migrations" / "env.py").is_file():
            return base
    raise FileNotFoundError("migrations/ not found beside the package or in the current directory")


def alembic_config(database_url: str) -> Config:
    root = _root()
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root / "migrations"))
    # ConfigParser interpolation: a literal % in a URL must be doubled.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    # Called from a running program: keep its logging set-up instead of alembic.ini's.
    config.attributes["skip_logging_config"] = True
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(database_url), revision)
