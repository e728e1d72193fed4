"""Imports every feature's models so Alembic and the tests see the whole metadata."""

from api.db import Base
from api.delivery import models as delivery_models
from api.idempotency import models as idempotency_models

__all__ = ["Base", "delivery_models", "idempotency_models"]
