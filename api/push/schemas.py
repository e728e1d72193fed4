from __future__ import annotations

import base64
import binascii
import uuid
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from api.push.models import Platform


def _b64url_bytes(value: str, size: int, what_ru: str, what_en: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size or (size == 65 and raw[0] != 0x04):
        raise PydanticCustomError(
            "push_key_invalid",
            f"Not a {what_en} of a push subscription",
            {"ru": f"Это не {what_ru} подписки на уведомления"},
        )
    return value


def _p256dh(value: str) -> str:
    # An uncompressed P-256 point: 0x04, X, Y (RFC 8291 §3.1).
    return _b64url_bytes(value, 65, "ключ p256dh", "p256dh key")


def _auth(value: str) -> str:
    return _b64url_bytes(value, 16, "секрет auth", "auth secret")


class SubscriptionKeys(BaseModel):
    p256dh: Annotated[str, Field(max_length=100), AfterValidator(_p256dh)]
    auth: Annotated[str, Field(max_length=50), AfterValidator(_auth)]


class PushSubscriptionIn(BaseModel):
    """The browser's ``PushSubscription.toJSON()`` as it is."""

    model_config = ConfigDict(populate_by_name=True)

    endpoint: str = Field(
        min_length=1,
        max_length=2048,
        examples=["https://fcm.googleapis.com/fcm/send/c1Kx…"],
        description="Адрес службы уведомлений браузера (https)",
    )
    keys: SubscriptionKeys
    expiration_time: int | None = Field(default=None, alias="expirationTime")


class VapidKeyOut(BaseModel):
    key: str = Field(
        description="Открытый ключ VAPID (base64url, несжатая точка P-256) — "
        "applicationServerKey для PushManager.subscribe()",
        examples=[
            "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U"
        ],
    )


class CreatedOut(BaseModel):
    id: uuid.UUID


class DeviceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: Platform = Field(description="Служба уведомлений: fcm, rustore или apns")
    token: str = Field(min_length=1, max_length=4096, description="Токен устройства")
    app_version: str | None = Field(default=None, max_length=50, examples=["2.4.1"])
