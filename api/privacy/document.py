"""The personal-data copy laid out for a PDF: the same JSON, as tables a person reads."""

from __future__ import annotations

from typing import Any

from api.reports.files.document import Cell, Column, Document, Sheet

NONE = "Нет записей."

FIELD_TITLES = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "middle_name": "Отчество",
    "phone": "Телефон",
    "phone_confirmed_at": "Телефон подтверждён",
    "email": "Электронная почта",
    "email_confirmed_at": "Почта подтверждена",
    "level": "Уровень учётной записи",
    "status": "Состояние",
    "roles": "Роли",
    "sms_second_factor": "Подтверждение входа по СМС",
    "authenticator_app": "Приложение-генератор кодов",
    "created_at": "Зарегистрирована",
    "snils": "СНИЛС (частично)",
    "passport": "Паспорт (частично)",
    "birth_date": "Дата рождения",
    "registry_status": "Проверка в ведомствах",
    "registry_checked_at": "Проверено",
    "sms_kinds": "Уведомления по СМС",
    "email_kinds": "Уведомления на почту",
    "email_digest": "Ежедневная сводка на почту",
}


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if value is True:
        return "да"
    if value is False:
        return "нет"
    return str(value)


def _fields(title: str, data: dict[str, Any]) -> Sheet:
    rows: list[list[Cell]] = [
        [FIELD_TITLES.get(key, key), _text(value)] for key, value in data.items() if key != "id"
    ]
    return Sheet(title, [Column("Сведение", width=1.2), Column("Значение", width=2.0)], rows)


def _table(title: str, items: list[dict[str, Any]], columns: list[tuple[str, str, float]]) -> Sheet:
    rows: list[list[Cell]] = [[_text(item.get(key)) for key, _, _ in columns] for item in items]
    return Sheet(title, [Column(name, width=width) for _, name, width in columns], rows, empty=NONE)


def _child(child: dict[str, Any]) -> list[Sheet]:
    journal = child.get("journal")
    source = child if child.get("last_name") else (journal or {})
    name = f"{source.get('last_name', '')} {source.get('first_name', '')}".strip()
    sheets = [
        _fields(
            f"Ребёнок: {name}",
            {
                key: child.get(key)
                for key in ("last_name", "first_name", "middle_name", "birth_date", "snils")
                if key in child
            }
            | ({"school": journal["school"], "class": journal["class_name"]} if journal else {}),
        )
    ]
    if journal:
        sheets += [
            _table(
                f"Оценки: {name}",
                journal["grades"],
                [
                    ("date", "Дата", 0.8),
                    ("subject", "Предмет", 1.4),
                    ("value", "Оценка", 0.6),
                    ("work_type", "Вид работы", 1.2),
                    ("comment", "Комментарий", 1.6),
                ],
            ),
            _table(
                f"Итоговые оценки: {name}",
                journal["term_grades"],
                [
                    ("academic_year", "Учебный год", 0.8),
                    ("period", "Период", 0.8),
                    ("subject", "Предмет", 1.4),
                    ("value", "Оценка", 0.6),
                ],
            ),
            _table(
                f"Посещаемость: {name}",
                journal["attendance"],
                [
                    ("date", "Дата", 0.8),
                    ("status", "Отметка", 0.8),
                    ("minutes_late", "Опоздание, мин", 0.8),
                    ("reason", "Причина", 2.0),
                ],
            ),
            _table(
                f"Объяснительные: {name}",
                journal["absence_notes"],
                [
                    ("from_date", "С", 0.8),
                    ("to_date", "По", 0.8),
                    ("reason", "Причина", 2.0),
                    ("status", "Состояние", 0.8),
                ],
            ),
        ]
    return sheets


def lay_out(data: dict[str, Any]) -> Document:
    account = data["account"]
    full_name = " ".join(
        p for p in (account["last_name"], account["first_name"], account["middle_name"]) if p
    )
    sheets = [
        _fields("Учётная запись", account),
        _fields("Удостоверение личности", data["identity"]),
        _table(
            "Подтверждения личности",
            data["verifications"],
            [("at", "Когда", 1.0), ("method", "Способ", 1.0), ("note", "Отметка", 2.0)],
        ),
        _table(
            "Сеансы входа",
            data["sessions"],
            [
                ("user_agent", "Устройство", 2.2),
                ("created_at", "Вход", 1.0),
                ("last_used_at", "Последнее обращение", 1.0),
                ("revoked_at", "Завершён", 1.0),
            ],
        ),
        _table(
            "Устройства для уведомлений",
            data["push_devices"],
            [
                ("platform", "Платформа", 1.0),
                ("app_version", "Версия", 1.0),
                ("created_at", "Подключено", 1.0),
            ],
        ),
        _fields("Настройки уведомлений", data["notification_settings"]),
        _table(
            "Загруженные документы",
            data["documents"],
            [
                ("kind", "Вид", 1.0),
                ("content_type", "Формат", 1.0),
                ("size", "Размер, байт", 0.8),
                ("status", "Состояние", 0.8),
                ("created_at", "Загружен", 1.0),
            ],
        ),
        _table(
            "Заявления",
            data["applications"],
            [
                ("number", "Номер", 1.0),
                ("status", "Состояние", 0.9),
                ("school", "Школа", 1.6),
                ("submitted_at", "Подано", 1.0),
                ("decided_at", "Решение", 1.0),
            ],
        ),
        _table(
            "Согласия на обработку персональных данных",
            data["consents"],
            [
                ("title", "Согласие", 2.0),
                ("version", "Редакция", 0.6),
                ("given_at", "Дано", 1.0),
                ("withdrawn_at", "Отозвано", 1.0),
            ],
        ),
    ]
    for child in data["children"]:
        sheets += _child(child)
    sheets += [
        _table(
            "Мои сообщения",
            data["messages"],
            [("created_at", "Когда", 1.0), ("text", "Текст", 3.0)],
        ),
        _table(
            "Кто обращался к данным",
            data["access_log"],
            [
                ("at", "Когда", 1.0),
                ("actor", "Кто", 1.4),
                ("actor_roles", "Роль", 0.9),
                ("action", "Действие", 1.2),
                ("object_type", "К чему", 0.8),
            ],
        ),
    ]
    return Document(
        title="Мои персональные данные",
        lines=[
            full_name,
            f"Сформировано: {data['generated_at']}",
            "Копия сведений, которые хранит электронный дневник (ст. 14 152-ФЗ). "
            "Номера документов показаны частично; полностью они хранятся зашифрованными.",
        ],
        sheets=sheets,
        file_stem=f"Мои данные — {full_name}",
    )
