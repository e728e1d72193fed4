"""Accounts and what proves who is behind them: codes, log-in challenges, sessions."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base


class AccountLevel(enum.StrEnum):
    simplified = "simplified"  # phone confirmed
    standard = "standard"  # SNILS and passport checked against the registry gateway
    confirmed = "confirmed"  # identity confirmed by an operator


class AccountStatus(enum.StrEnum):
    pending = "pending"  # registered, phone not confirmed yet: cannot log in
    active = "active"
    blocked = "blocked"


class Role(enum.StrEnum):
    parent = "parent"
    student = "student"
    teacher = "teacher"
    class_teacher = "class_teacher"
    school_admin = "school_admin"
    operator = "operator"
    platform_admin = "platform_admin"


STAFF_ROLES = frozenset(
    {Role.teacher, Role.class_teacher, Role.school_admin, Role.operator, Role.platform_admin}
)


class CodePurpose(enum.StrEnum):
    register = "register"
    login = "login"
    reset = "reset"
    phone_change = "phone_change"
    signature = "signature"  # a guardian signs a document (api/signatures)


class RegistryStatus(enum.StrEnum):
    pending = "pending"  # not everything needed for a check is there yet
    verified = "verified"
    mismatch = "mismatch"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    return Enum(cls, name=name, values_callable=lambda members: [m.value for m in members])


_TS = DateTime(timezone=True)


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        # Only a confirmed address is unique: an unconfirmed one must not let anybody
        # squat a stranger's mailbox, nor reveal that it is in use.
        Index(
            "uq_accounts_email_confirmed",
            "email",
            unique=True,
            postgresql_where=text("email_confirmed_at IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    last_name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str | None] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164
    phone_confirmed_at: Mapped[datetime | None] = mapped_column(_TS)
    email: Mapped[str | None] = mapped_column(String(254))  # lower-cased
    email_confirmed_at: Mapped[datetime | None] = mapped_column(_TS)
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(_TS)
    level: Mapped[AccountLevel] = mapped_column(
        _enum(AccountLevel, "account_level"), server_default=AccountLevel.simplified.value
    )
    status: Mapped[AccountStatus] = mapped_column(
        _enum(AccountStatus, "account_status"), server_default=AccountStatus.pending.value
    )
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default="{}")
    school_id: Mapped[uuid.UUID | None] = mapped_column(index=True)  # FK once schools exist
    mfa_sms_enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    totp_secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(_TS)
    # The last accepted TOTP time step: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    failed_logins: Mapped[int] = mapped_column(Integer, server_default="0")
    last_failed_login_at: Mapped[datetime | None] = mapped_column(_TS)
    locked_until: Mapped[datetime | None] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )

    @property
    def is_staff(self) -> bool:
        return any(role in STAFF_ROLES for role in self.roles)

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None


class OneTimeCode(Base):
    """A code sent by SMS (6 digits) or e-mail (a link token); only its keyed hash is kept."""

    __tablename__ = "one_time_codes"
    __table_args__ = (Index("ix_one_time_codes_lookup", "purpose", "recipient_hash", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[CodePurpose] = mapped_column(_enum(CodePurpose, "one_time_code_purpose"))
    channel: Mapped[str] = mapped_column(String(10))  # sms | email
    # Keyed hash of the normalised phone or e-mail the code went to: look-ups without
    # keeping the address again in clear.
    recipient_hash: Mapped[str] = mapped_column(String(64))
    challenge_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("login_challenges.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    created_at: Mapped[datetime] = mapped_column(_TS)
    expires_at: Mapped[datetime] = mapped_column(_TS)
    consumed_at: Mapped[datetime | None] = mapped_column(_TS)
    # A newer code for the same purpose and recipient kills this one.
    superseded_at: Mapped[datetime | None] = mapped_column(_TS)

    account: Mapped[Account] = relationship(lazy="raise")


class LoginChallenge(Base):
    """The password was right; the second factor is awaited."""

    __tablename__ = "login_challenges"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    methods: Mapped[list[str]] = mapped_column(ARRAY(String(10)))
    created_at: Mapped[datetime] = mapped_column(_TS)
    expires_at: Mapped[datetime] = mapped_column(_TS)
    completed_at: Mapped[datetime | None] = mapped_column(_TS)

    account: Mapped[Account] = relationship(lazy="raise")


class RefreshSession(Base):
    """One log-in on one device: the family of refresh tokens rotated from each other."""

    __tablename__ = "refresh_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    user_agent: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(_TS)
    last_used_at: Mapped[datetime] = mapped_column(_TS)
    expires_at: Mapped[datetime] = mapped_column(_TS)  # absolute end of the session
    revoked_at: Mapped[datetime | None] = mapped_column(_TS)
    revoke_reason: Mapped[str | None] = mapped_column(String(32))

    account: Mapped[Account] = relationship(lazy="raise")


class RefreshToken(Base):
    """One refresh token of a session, stored as its SHA-256. Used once, then rotated."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("refresh_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    rotated_from: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("refresh_tokens.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(_TS)
    expires_at: Mapped[datetime] = mapped_column(_TS)
    rotated_at: Mapped[datetime | None] = mapped_column(_TS)

    session: Mapped[RefreshSession] = relationship(lazy="raise")


class LoginLockout(Base):
    """Failed-password counter of a log-in name that matches no account.

    Known accounts count on ``accounts.failed_logins``; unknown names count here with the
    same rules, so both answer alike (no way to learn which phones have an account).
    """

    __tablename__ = "login_lockouts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # keyed hash of the login
    failed_logins: Mapped[int] = mapped_column(Integer, server_default="0")
    last_failed_login_at: Mapped[datetime | None] = mapped_column(_TS)
    locked_until: Mapped[datetime | None] = mapped_column(_TS)


class ThrottleEvent(Base):
    """One counted event (an SMS asked for a phone, a failed log-in from an address).

    Sliding-window limits count these rows; they work across processes without Redis.
    """

    __tablename__ = "throttle_events"
    __table_args__ = (Index("ix_throttle_events_bucket_created_at", "bucket", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(64))  # keyed hash of kind + subject
    created_at: Mapped[datetime] = mapped_column(_TS, index=True)


class AccountIdentity(Base):
    """The account holder's SNILS and passport, encrypted; keyed hashes keep them unique.

    Ciphertexts are bound to their row and column (``account_identities.snils:<id>``).
    """

    __tablename__ = "account_identities"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    snils_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    snils_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # JSON {series, number, issued_at, issuer_code, issuer_name}, encrypted.
    passport_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    passport_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    registry_status: Mapped[RegistryStatus] = mapped_column(
        _enum(RegistryStatus, "registry_status"), server_default=RegistryStatus.pending.value
    )
    registry_checked_at: Mapped[datetime | None] = mapped_column(_TS)
    # The gateway's answer as it gave it: Russian, and English for English readers.
    registry_message: Mapped[str | None] = mapped_column(String(1000))
    registry_message_en: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(_TS, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        _TS, server_default=func.now(), onupdate=func.now()
    )
