"""Staff accounts created by an administrator (``edudiary create-user``).

They are active and confirmed at once (an administrator vouches for them), validated
with the same rules as a registration, and always log in with a second factor.
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict
from api.i18n import Text
from api.identity import clock, passwords
from api.identity.models import Account, AccountLevel, AccountStatus, Role
from api.identity.registration import check_password
from api.validation.types import FirstNameStr, LastNameStr, MiddleNameStr, PhoneStr

STAFF_ROLE_CHOICES = (
    Role.operator,
    Role.school_admin,
    Role.teacher,
    Role.class_teacher,
    Role.platform_admin,
)


class StaffAccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role
    phone: PhoneStr
    password: str
    last_name: LastNameStr
    first_name: FirstNameStr
    middle_name: MiddleNameStr | None = None
    school_id: uuid.UUID | None = None

    @field_validator("role")
    @classmethod
    def _staff_only(cls, role: Role) -> Role:
        if role not in STAFF_ROLE_CHOICES:
            raise PydanticCustomError(
                "role_not_staff",
                "Only staff roles: operator, school_admin, teacher, class_teacher, platform_admin",
                {
                    "ru": "Только роли сотрудников: operator, school_admin, teacher, "
                    "class_teacher, platform_admin"
                },
            )
        return role


async def create_staff_account(session: AsyncSession, data: StaffAccountIn) -> Account:
    check_password(data.password, phone=data.phone)
    taken = await session.scalar(select(Account.id).where(Account.phone == data.phone))
    if taken is not None:
        raise Conflict(
            code="phone_taken",
            detail=Text(
                "Учётная запись с этим номером телефона уже существует",
                "An account with this phone number already exists",
            ),
        )
    now = clock.now()
    account = Account(
        id=uuid.uuid4(),
        last_name=data.last_name,
        first_name=data.first_name,
        middle_name=data.middle_name,
        phone=data.phone,
        phone_confirmed_at=now,
        password_hash=await passwords.hash_password(data.password),
        password_changed_at=now,
        level=AccountLevel.confirmed,
        status=AccountStatus.active,
        roles=[data.role.value],
        school_id=data.school_id,
        mfa_sms_enabled=True,
        failed_logins=0,
    )
    session.add(account)
    await session.flush()
    return account
