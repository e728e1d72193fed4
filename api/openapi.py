"""``python -m api.openapi`` prints the API contract (deterministic JSON) to stdout."""

from __future__ import annotations

import json
import sys
from typing import Any

from api.config import Settings


def build_schema() -> dict[str, Any]:
    from api.main import create_app

    app = create_app(
        Settings(env="development", database_url="postgresql://unused/unused"),
        manage_database=False,
    )
    return app.openapi()


def render() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
