"""Settings from the environment (prefix ``EDUDIARY_``; ``DATABASE_URL`` as is)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, PrivateAttr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Development-only secret: production refuses to start while it is in use.
DEV_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - it is the marker we refuse


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine opens for ``serve`` on host:port."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - all interfaces: this machine is one
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EDUDIARY_", extra="ignore")
    # Whether public_url was derived from host and port (so follows them) or given.
    _public_url_derived: bool = PrivateAttr(default=False)

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("./var")
    # Comma-separated "kid:secret" pairs; the first is used for new data, all are accepted.
    secret_keys: str = f"dev:{DEV_SECRET}"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "EDUDIARY_DATABASE_URL")
    )
    # A streaming replica for reads that may lag by seconds (analytics, journal
    # completeness: api.db.lag_tolerant_connection). Unset, they read the primary.
    database_replica_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_REPLICA_URL", "EDUDIARY_DATABASE_REPLICA_URL"),
    )
    # PostgreSQL itself, when DATABASE_URL (and DATABASE_REPLICA_URL) go through a pooler:
    # what needs a session of its own connects here — the stream's LISTEN, the job queue
    # (procrastinate's worker LISTENs and locks per session), migrations. Unset = DATABASE_URL.
    database_direct_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_DIRECT_URL", "EDUDIARY_DATABASE_DIRECT_URL"),
    )
    # "transaction": DATABASE_URL is a pooler in transaction mode (PgBouncer
    # pool_mode=transaction), which hands each transaction any server connection: nothing
    # is then prepared by name (a prepared statement lives on one server only) and no
    # startup parameter PgBouncer refuses is sent. docs/deployment.md, «Scaling out».
    database_pooler: Literal["none", "transaction"] = "none"
    host: str = "127.0.0.1"
    port: int = 8000
    # Concurrency admitted per process; the pool is sized to it (a smaller pool than the
    # concurrency produced multi-second p99 tails in our measurements).
    max_concurrency: int = 64
    db_pool_size: int = 0  # 0 = derive from max_concurrency
    # Single-statement endpoints (the week diary, the grade list) run on a plain asyncpg
    # pool of their own (api.identity.deps.HotRead; 0 = as large as the main pool).
    db_hot_pool_size: int = 0
    # Open live streams (GET /api/v1/me/stream) one process holds; beyond it a new one gets
    # 503 and retries (its browser reconnects to another process). An idle stream costs
    # memory only, no database connection (api/stream/hub.py).
    max_streams: int = 2000
    # Seconds between keep-alive comments on a quiet stream: under the 30-60 s idle
    # timeouts of the usual proxies, and within the contract's 25 s.
    stream_heartbeat_seconds: float = 15.0
    run_worker_in_process: bool | None = None  # None = only in embedded mode
    frontend_dist: Path = Path(__file__).resolve().parent.parent / "frontend" / "dist"
    # Interactive API docs (/docs, /redoc). None = on, except in production.
    api_docs: bool | None = None
    # Addresses (or CIDR networks) of the reverse proxies in front of the API, comma-
    # separated, or "*". X-Forwarded-For/-Proto are honoured from these peers only: from
    # anyone else they are ignored, since a client could claim any address with them.
    trusted_proxies: str = "127.0.0.1,::1"
    log_level: str = "INFO"
    # JSON lines for log collectors in production; readable text on a developer's console.
    # Unset, it follows EDUDIARY_ENV.
    log_json: bool = True
    # The refresh cookie's Secure flag. Keep it on wherever the site is served over HTTPS;
    # only a plain-HTTP install (a school LAN without TLS) sets EDUDIARY_COOKIE_SECURE=false.
    cookie_secure: bool = True
    # The site's address as users reach it (``https://dnevnik.school.ru``): the base of
    # every link the app hands out — e-mail confirmation, password reset, calendar feed.
    # Production refuses to start without it; elsewhere unset means ``serve``'s own
    # address (``http://127.0.0.1:8000``, or what --host/--port say).
    public_url: str = ""
    # ES256 signing keys for access tokens: PEM private keys, concatenated; the first signs,
    # all verify (rotation). Unset: a key file under <data_dir>/keys/ (not in production).
    jwt_private_keys: str | None = None

    # Where document files live: PostgreSQL (default, same transaction as the row) or an
    # S3-compatible object store (docs/deployment.md, «Documents and attachments»).
    document_store: Literal["postgres", "s3"] = "postgres"
    s3_endpoint_url: str | None = None  # None = AWS itself
    s3_region: str = "us-east-1"
    s3_bucket: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    # The TrueType fonts report PDFs embed (Debian/Ubuntu: fonts-dejavu-core).
    pdf_font_dir: Path = Path("/usr/share/fonts/truetype/dejavu")

    # Delivery. "outbox": messages are only stored (development: GET /api/v1/dev/outbox).
    sms_gateway: Literal["outbox", "http"] = "outbox"
    sms_http_url: str | None = None
    sms_http_token: str | None = None
    sms_sender: str = "edudiary"
    email_gateway: Literal["outbox", "smtp"] = "outbox"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    email_from: str = "Электронный дневник <noreply@edudiary.local>"

    # Web Push (RFC 8292 VAPID): a PEM EC P-256 private key, the application server's
    # identity at the browsers' push services. Unset: a key generated on first use into
    # <data_dir>/keys/vapid-p256.pem (development and test); in production web push is
    # then off (GET /api/v1/push/vapid-public-key answers 404) until a key is set.
    vapid_private_key: str | None = None
    # The contact the push services may write to about our traffic (mailto: or https:).
    vapid_subject: str = "mailto:noreply@edudiary.local"
    # Native apps' push, per platform: "log" records that a push would go out (nothing
    # leaves the server); "http" posts it to a relay that speaks to FCM / RuStore / APNs.
    push_fcm_gateway: Literal["log", "http"] = "log"
    push_fcm_http_url: str | None = None
    push_fcm_http_token: str | None = None
    push_rustore_gateway: Literal["log", "http"] = "log"
    push_rustore_http_url: str | None = None
    push_rustore_http_token: str | None = None
    push_apns_gateway: Literal["log", "http"] = "log"
    push_apns_http_url: str | None = None
    push_apns_http_token: str | None = None

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.env == "production" and DEV_SECRET in self.secret_keys:
            raise ValueError(
                "EDUDIARY_SECRET_KEYS holds the development secret; set real keys for production"
            )
        if self.env == "production" and "outbox" in (self.sms_gateway, self.email_gateway):
            raise ValueError(
                "production needs real delivery: EDUDIARY_SMS_GATEWAY=http and "
                "EDUDIARY_EMAIL_GATEWAY=smtp (the outbox delivers nothing)"
            )
        if self.document_store == "s3" and not self.s3_bucket:
            raise ValueError("EDUDIARY_DOCUMENT_STORE=s3 needs EDUDIARY_S3_BUCKET")
        if self.sms_gateway == "http" and not self.sms_http_url:
            raise ValueError("EDUDIARY_SMS_GATEWAY=http needs EDUDIARY_SMS_HTTP_URL")
        for platform in ("fcm", "rustore", "apns"):
            if getattr(self, f"push_{platform}_gateway") == "http" and not getattr(
                self, f"push_{platform}_http_url"
            ):
                raise ValueError(
                    f"EDUDIARY_PUSH_{platform.upper()}_GATEWAY=http needs "
                    f"EDUDIARY_PUSH_{platform.upper()}_HTTP_URL"
                )
        if self.env == "production" and not self.jwt_private_keys:
            raise ValueError(
                "production needs EDUDIARY_JWT_PRIVATE_KEYS (ES256 PEM keys for access tokens)"
            )
        if self.database_pooler == "transaction" and not self.database_direct_url:
            raise ValueError(
                "EDUDIARY_DATABASE_POOLER=transaction needs DATABASE_DIRECT_URL (PostgreSQL "
                "itself): LISTEN and the job queue cannot work through transaction pooling"
            )
        if self.env == "production" and not self.database_url:
            raise ValueError("production needs DATABASE_URL (the embedded server is for one host)")
        if "log_json" not in self.model_fields_set:
            self.log_json = self.env == "production"
        if not self.public_url:
            if self.env == "production":
                raise ValueError(
                    "production needs EDUDIARY_PUBLIC_URL, the address users open "
                    "(https://dnevnik.example.ru): links in e-mails and the calendar feed "
                    "are built from it"
                )
            self.public_url = served_url(self.host, self.port)
            self._public_url_derived = True
        return self

    def serving_at(self, host: str | None, port: int | None) -> Settings:
        """These settings for ``serve --host/--port``: a derived public_url follows."""
        host, port = host or self.host, port or self.port
        update: dict[str, object] = {"host": host, "port": port}
        if self._public_url_derived:
            update["public_url"] = served_url(host, port)
        copy = self.model_copy(update=update)
        copy._public_url_derived = self._public_url_derived
        return copy

    @property
    def pooled(self) -> bool:
        """DATABASE_URL is a transaction-mode pooler (``database_pooler``)."""
        return self.database_pooler == "transaction"

    def direct_url(self, url: str) -> str:
        """PostgreSQL itself: DATABASE_DIRECT_URL, else ``url`` (the resolved
        DATABASE_URL, or the embedded server's)."""
        return self.database_direct_url or url

    @property
    def embedded(self) -> bool:
        return not self.database_url

    @property
    def trusted_proxy_list(self) -> list[str] | str:
        value = self.trusted_proxies.strip()
        if value == "*":
            return "*"
        return [item.strip() for item in value.split(",") if item.strip()]

    @property
    def docs_enabled(self) -> bool:
        return self.api_docs if self.api_docs is not None else self.env != "production"

    @property
    def pool_size(self) -> int:
        return self.db_pool_size or max(5, self.max_concurrency)

    @property
    def hot_pool_size(self) -> int:
        return self.db_hot_pool_size or self.pool_size


@lru_cache
def get_settings() -> Settings:
    return Settings()
