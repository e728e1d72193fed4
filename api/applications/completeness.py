"""The check on submit («Проверка и отправка заявления»): every missing or wrong field at
once, each named in the seed's words («Некорректный номер телефона», «Отсутствует
согласие»), so the form can mark them all in one go."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from api.applications import consents
from api.applications.models import Application
from api.errors import FieldError, ValidationFailed
from api.i18n import Text
from api.schools import service as schools_service
from api.schools.models import School, SchoolClass, SchoolStatus
from api.validation.checks import check_phone, check_student_number

SCHOOL_NOT_CONNECTED = Text(
    "Школа не подключена к электронному дневнику. Уточните в школе сроки подключения или "
    "подайте заявку на подключение школы: её направят в региональный орган управления "
    "образованием, а о решении придёт уведомление. Заявление можно будет отправить после "
    "подключения — черновик сохранён",
    "The school is not connected to the electronic diary. Ask the school when it will be, "
    "or file a connection request: it goes to the regional education authority and you "
    "will be notified. You can submit the application once the school is connected — the "
    "draft is saved",
)


_FIELD_NAMES: dict[str, Text] = {
    "school_id": Text("школа", "school"),
    "class_id": Text("класс", "class"),
    "contact_phone": Text("контактный телефон", "contact phone"),
    "consent": Text("согласие на обработку персональных данных", "consent"),
    "student_number": Text("номер ученика", "student number"),
}


def _summary(errors: list[FieldError]) -> Text:
    if len(errors) == 1:
        return Text(
            f"Заявление не отправлено. {errors[0].message.ru}",
            f"The application was not submitted. {errors[0].message.en}",
        )
    names = [_FIELD_NAMES[f] for f in dict.fromkeys(e.field for e in errors)]
    return Text(
        "Заявление не отправлено. Исправьте: " + ", ".join(n.ru for n in names),
        "The application was not submitted. Please fix: " + ", ".join(n.en for n in names),
    )


@dataclass(frozen=True, slots=True)
class Complete:
    school: School
    school_class: SchoolClass
    contact_phone: str
    student_number: str | None


def _error(field: str, code: str, ru: str, en: str) -> FieldError:
    return FieldError(field, code, Text(ru, en))


async def _school(
    session: AsyncSession, application: Application, errors: list[FieldError]
) -> School | None:
    if application.school_id is None:
        errors.append(
            _error(
                "school_id",
                "required",
                "Школа: выберите школу из реестра",
                "School: choose a school from the register",
            )
        )
        return None
    school = await session.get(School, application.school_id)
    if school is None:
        errors.append(_error("school_id", "school_not_found", "Школа не найдена", "No such school"))
    elif school.status == SchoolStatus.closed:
        errors.append(
            _error(
                "school_id",
                "school_closed",
                "Школа закрыта и не принимает заявления: выберите другую школу",
                "The school is closed and takes no applications: choose another school",
            )
        )
    elif not school.connected:
        errors.append(FieldError("school_id", "school_not_connected", SCHOOL_NOT_CONNECTED))
    return school


async def _class(
    session: AsyncSession,
    application: Application,
    school: School | None,
    errors: list[FieldError],
) -> SchoolClass | None:
    if application.class_id is None:
        errors.append(
            _error(
                "class_id",
                "required",
                "Класс: выберите класс (номер и букву, например 9-Б)",
                "Class: choose the class (grade and letter, e.g. 9-Б)",
            )
        )
        return None
    school_class = await session.get(SchoolClass, application.class_id)
    if school is None:
        return school_class
    if school_class is None or school_class.school_id != school.id:
        errors.append(
            _error(
                "class_id",
                "class_not_in_school",
                "Класс: такого класса нет в выбранной школе — выберите класс из списка школы",
                "Class: the chosen school has no such class — pick one from the school's list",
            )
        )
        return None
    if school_class.academic_year < schools_service.current_academic_year(school.timezone):
        errors.append(
            _error(
                "class_id",
                "class_outdated",
                f"Класс {school_class.name} относится к прошедшему учебному году: выберите "
                "класс текущего года",
                f"Class {school_class.name} belongs to a past academic year: choose a current one",
            )
        )
    return school_class


def _phone(application: Application, errors: list[FieldError]) -> str | None:
    raw = (application.contact_phone or "").strip()
    if not raw:
        errors.append(
            _error(
                "contact_phone",
                "required",
                "Некорректный номер телефона: укажите контактный телефон с кодом региона",
                "Invalid phone number: enter a contact phone with the area code",
            )
        )
        return None
    result = check_phone(raw)
    if not result.valid or result.normalized is None:
        problem = result.errors[0]
        errors.append(
            FieldError("contact_phone", problem.code, Text(problem.message_ru, problem.message_en))
        )
        return None
    return result.normalized


def _student_number(application: Application, errors: list[FieldError]) -> str | None:
    raw = (application.student_number or "").strip()
    if not raw:
        return None
    result = check_student_number(raw)
    if not result.valid:
        problem = result.errors[0]
        errors.append(
            FieldError("student_number", problem.code, Text(problem.message_ru, problem.message_en))
        )
        return None
    return result.normalized


async def _consent(
    session: AsyncSession, application: Application, errors: list[FieldError]
) -> None:
    if application.consent_version is None or application.consent_given_at is None:
        errors.append(
            _error(
                "consent",
                "consent_missing",
                "Отсутствует согласие на обработку персональных данных: ознакомьтесь с текстом "
                "согласия и отметьте его",
                "Consent to personal data processing is missing: read the consent and tick it",
            )
        )
        return
    current = await consents.current(session)
    if application.consent_version != current.version:
        errors.append(
            _error(
                "consent",
                "consent_outdated",
                f"Отсутствует согласие в действующей редакции: текст согласия обновлён "
                f"(редакция {current.version}) — ознакомьтесь с ним и подтвердите согласие",
                f"Consent in the current version is missing: the consent was updated (version "
                f"{current.version}) — read it and give your consent again",
            )
        )


async def check(session: AsyncSession, application: Application) -> Complete:
    """The application as it may be submitted, or 422 with every problem."""
    errors: list[FieldError] = []
    school = await _school(session, application, errors)
    school_class = await _class(session, application, school, errors)
    phone = _phone(application, errors)
    student_number = _student_number(application, errors)
    await _consent(session, application, errors)
    if errors:
        raise ValidationFailed(
            code="application_incomplete", detail=_summary(errors), errors=errors
        )
    assert school is not None
    assert school_class is not None
    assert phone is not None
    return Complete(school, school_class, phone, student_number)
