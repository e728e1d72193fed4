"""Imports every feature's models so Alembic and the tests see the whole metadata."""

from api.applications import models as applications_models
from api.audit import models as audit_models
from api.children import models as children_models
from api.connection_requests import models as connection_requests_models
from api.db import Base
from api.delivery import models as delivery_models
from api.diary import models as diary_models
from api.documents import models as documents_models
from api.idempotency import models as idempotency_models
from api.identity import models as identity_models
from api.integrations import models as integrations_models
from api.learning_plans import models as learning_plans_models
from api.messaging import models as messaging_models
from api.notifications import models as notifications_models
from api.onboarding import models as onboarding_models
from api.oneroster import models as oneroster_models
from api.privacy import models as privacy_models
from api.push import models as push_models
from api.reports import models as reports_models
from api.schools import models as schools_models
from api.signatures import models as signatures_models
from api.stream import models as stream_models
from api.support import models as support_models
from api.verification import models as verification_models
from api.webhooks import models as webhooks_models

__all__ = [
    "Base",
    "applications_models",
    "audit_models",
    "children_models",
    "connection_requests_models",
    "delivery_models",
    "diary_models",
    "documents_models",
    "idempotency_models",
    "identity_models",
    "integrations_models",
    "learning_plans_models",
    "messaging_models",
    "notifications_models",
    "onboarding_models",
    "oneroster_models",
    "privacy_models",
    "push_models",
    "reports_models",
    "schools_models",
    "signatures_models",
    "stream_models",
    "support_models",
    "verification_models",
    "webhooks_models",
]
