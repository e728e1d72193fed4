"""``edudiary create-user``: a confirmed staff account, from the command line."""

from __future__ import annotations

import sys
import uuid

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from api.commands import run_in_transaction
from api.config import get_settings
from api.errors import AppError, field_errors_from_pydantic
from api.identity.staff import StaffAccountIn, create_staff_account


def create_user(
    *,
    role: str,
    phone: str,
    password: str,
    last_name: str,
    first_name: str,
    middle_name: str | None = None,
    school_id: str | None = None,
) -> int:
    """Print the new account's id (exit 0), or what is wrong in Russian (exit 1)."""
    try:
        data = StaffAccountIn(
            role=role,
            phone=phone,
            password=password,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            school_id=school_id,
        )
    except ValidationError as exc:
        for problem in field_errors_from_pydantic(exc.errors()):
            print(f"Ошибка: {problem.field}: {problem.message.render('ru')}", file=sys.stderr)
        return 1

    async def work(session: AsyncSession) -> uuid.UUID:
        account = await create_staff_account(session, data)
        return account.id

    try:
        account_id = run_in_transaction(get_settings(), work)
    except AppError as exc:
        print(f"Ошибка: {(exc.detail or exc.title).render('ru')}", file=sys.stderr)
        for problem in exc.errors:
            print(f"  {problem.message.render('ru')}", file=sys.stderr)
        return 1
    print(account_id)
    return 0
