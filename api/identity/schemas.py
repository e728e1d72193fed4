"""Request and response bodies of the auth and me endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from api.identity.models import AccountLevel
from api.instants import Instant
from api.validation.types import FirstNameStr, LastNameStr, MiddleNameStr, PhoneStr


def _encodable(value: str) -> str:
    """JSON may carry lone surrogates (``"\\ud800"``): they are not text and cannot be hashed
    or stored, so they are refused like any other malformed value."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "string_unicode", "Invalid characters", {"ru": "Недопустимые символы"}
        ) from None
    return value


Encodable = AfterValidator(_encodable)

Password = Annotated[
    str, Field(min_length=1, max_length=128, examples=["Зима-2026!Снег"]), Encodable
]
SmsCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$"), Field(examples=["123456"])
]
# An SMS code or the token of an e-mail link.
AnyCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_-]{6,64}$"),
    Field(examples=["123456"]),
]
RefreshTokenStr = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,100}$")]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z0-9-]{2,63}$",
    ),
    Field(examples=["ivanova@example.ru"]),
    Encodable,
]
Login = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=254, pattern=r"^[^\x00-\x1f\x7f]+$"
    ),
    Field(examples=["+7 999 123-45-67"], description="Телефон в любом формате или e-mail"),
    Encodable,
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(_In):
    last_name: LastNameStr
    first_name: FirstNameStr
    middle_name: MiddleNameStr | None = None
    phone: PhoneStr
    password: Password
    email: Email | None = None


class CodeSentOut(BaseModel):
    phone: str = Field(description="Номер, куда ушёл код, замаскированный: +7 *** ***-**-67")
    code_expires_at: datetime
    resend_available_at: datetime


class RegisterOut(CodeSentOut):
    account_id: uuid.UUID


class PhoneConfirmIn(_In):
    phone: PhoneStr
    code: SmsCode


class PhoneIn(_In):
    phone: PhoneStr


class LoginIn(_In):
    login: Login
    password: Password


class TokensOut(BaseModel):
    mfa_required: Literal[False] = False
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Срок жизни ключа доступа, секунды")
    refresh_expires_at: datetime


class MfaChallengeOut(BaseModel):
    mfa_required: Literal[True] = True
    challenge_id: uuid.UUID
    methods: list[Literal["sms", "totp"]]
    sms_sent_to: str | None = Field(
        description="Замаскированный номер, если код по СМС уже отправлен"
    )
    resend_available_at: datetime | None = Field(
        default=None,
        description="Когда можно запросить код по СМС (снова) через /auth/login/resend; "
        "null, если СМС не используется (вход по приложению-аутентификатору)",
    )
    expires_at: datetime


class LoginVerifyIn(_In):
    challenge_id: uuid.UUID
    code: SmsCode
    method: Literal["sms", "totp"] | None = Field(
        default=None, description="По умолчанию totp, если он включён, иначе sms"
    )


class ChallengeIn(_In):
    challenge_id: uuid.UUID


class RefreshIn(_In):
    refresh_token: RefreshTokenStr | None = Field(
        default=None, description="Или cookie edudiary_refresh (для SPA)"
    )


class PasswordResetIn(_In):
    login: Login


class PasswordResetConfirmIn(_In):
    login: Login | None = Field(
        default=None, description="Телефон или e-mail, куда ушёл код; не нужен со ссылкой (link)"
    )
    link: uuid.UUID | None = Field(
        default=None,
        description="Из ссылки в письме (параметр link): с ней логин вводить не нужно",
    )
    code: AnyCode
    new_password: Password


class EmailIn(_In):
    email: Email


class EmailOut(BaseModel):
    email: str
    email_confirmed: bool


class EmailConfirmIn(_In):
    token: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{10,200}$")]


class MfaOut(BaseModel):
    sms: bool
    totp: bool


class MeOut(BaseModel):
    id: uuid.UUID
    last_name: str
    first_name: str
    middle_name: str | None
    phone: str
    email: str | None
    email_confirmed: bool
    roles: list[str]
    level: AccountLevel
    school_id: uuid.UUID | None
    mfa: MfaOut
    created_at: Instant


class SettingsIn(_In):
    mfa_sms_enabled: bool


class SessionOut(BaseModel):
    id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    user_agent: str | None
    current: bool


class SessionList(BaseModel):
    items: list[SessionOut]
    total: int
    limit: int
    offset: int


class TotpSetupOut(BaseModel):
    secret: str
    otpauth_uri: str
    qr_svg: str = Field(description="QR-код otpauth_uri в формате SVG")


class TotpCodeIn(_In):
    code: SmsCode


class JwkOut(BaseModel):
    kty: str
    crv: str
    x: str
    y: str
    alg: str
    use: str
    kid: str


class JwksOut(BaseModel):
    keys: list[JwkOut]
