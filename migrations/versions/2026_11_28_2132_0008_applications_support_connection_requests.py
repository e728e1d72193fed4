"""applications support connection requests: applications with their history and
attachments, the consent to personal-data processing (version 1 seeded), number counters,
requests to connect schools, support tickets

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 21:32:53.906486+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The consent as a document of its own (152-ФЗ ст. 9 ч. 4.1 as amended by 156-ФЗ of
# 24.06.2025, in force since 1 September 2025): never part of an agreement or a form.
CONSENT_TITLE = "Согласие на обработку персональных данных (редакция 1)"
CONSENT_TEXT = """\
Я, законный представитель ребёнка, сведения о котором указаны в заявлении на подключение \
электронного дневника, действуя свободно, своей волей и в своём интересе, а также в \
интересе ребёнка, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ \
«О персональных данных» даю согласие на обработку моих персональных данных и персональных \
данных ребёнка на следующих условиях.

1. Оператор. Образовательная организация, выбранная мной в заявлении (её полное \
наименование и адрес указаны в заявлении и в реестре образовательных организаций сервиса). \
По поручению оператора персональные данные обрабатывает оператор сервиса «Электронный \
дневник» (edudiary) — только для целей, указанных ниже, с соблюдением конфиденциальности \
и мер защиты, предусмотренных статьями 18.1 и 19 Федерального закона № 152-ФЗ.

2. Цели обработки: рассмотрение заявления на подключение электронного дневника; \
идентификация ребёнка в списках обучающихся образовательной организации; предоставление \
мне доступа к электронному дневнику ребёнка (оценки, расписание, домашние задания, \
посещаемость, сообщения педагогов); направление мне уведомлений о ходе рассмотрения \
заявления и о событиях в дневнике; рассмотрение моих обращений и жалоб.

3. Перечень персональных данных. Мои: фамилия, имя, отчество; номер телефона; адрес \
электронной почты; СНИЛС; серия и номер паспорта, дата выдачи, код и наименование \
подразделения, выдавшего паспорт; сведения о подтверждении учётной записи. Ребёнка: \
фамилия, имя, отчество; дата рождения; СНИЛС; серия, номер и дата выдачи свидетельства о \
рождении; образовательная организация и класс; идентификационный номер обучающегося; \
сведения об успеваемости, посещаемости и домашних заданиях. Копии документов, которые я \
приложил(а) к заявлению или обращению.

4. Действия с персональными данными: сбор, запись, систематизация, накопление, хранение, \
уточнение (обновление, изменение), извлечение, использование, передача (предоставление, \
доступ) оператору и лицу, обрабатывающему данные по его поручению, а также органу \
управления образованием субъекта Российской Федерации в случае заявки на подключение \
школы, обезличивание, блокирование, удаление, уничтожение — с использованием средств \
автоматизации и без них. Персональные данные хранятся в базах данных, находящихся на \
территории Российской Федерации, и не передаются за её пределы. Настоящее согласие не \
разрешает распространение персональных данных неограниченному кругу лиц.

5. Срок действия. Согласие действует с момента его предоставления до достижения целей \
обработки — до отчисления ребёнка из образовательной организации или удаления моей \
учётной записи — либо до его отзыва. После этого персональные данные уничтожаются или \
обезличиваются, кроме сведений, срок хранения которых установлен законодательством \
Российской Федерации (в том числе об образовании и об архивном деле).

6. Отзыв согласия. Я могу отозвать согласие в любое время, направив обращение через \
раздел «Поддержка» сервиса или письменное заявление оператору. Оператор прекращает \
обработку и уничтожает персональные данные в срок, не превышающий десяти рабочих дней с \
даты поступления отзыва, если иное не предусмотрено федеральным законом (в том числе \
пунктами 2–11 части 1 статьи 6 Федерального закона № 152-ФЗ). Я понимаю, что после отзыва \
согласия доступ к электронному дневнику ребёнка через сервис будет прекращён.

7. Мне разъяснены мои права субъекта персональных данных, в том числе право получать \
сведения об обработке моих персональных данных и данных ребёнка и требовать их уточнения, \
блокирования или уничтожения (статьи 14 и 21 Федерального закона № 152-ФЗ).

Согласие дано в электронной форме: отметкой в заявлении после входа в подтверждённую \
учётную запись. Дата и время предоставления согласия и номер его редакции сохраняются в \
заявлении."""
# 1 September 2025, 00:00 Moscow time: the day the separate-document rule took effect.
CONSENT_PUBLISHED_AT = datetime(2025, 8, 31, 21, 0, tzinfo=UTC)


def upgrade() -> None:
    op.create_table(
        "consent_documents",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_consent_documents")),
    )
    op.create_table(
        "number_counters",
        sa.Column("series", sa.String(length=8), nullable=False),
        sa.Column("year", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", "year", name=op.f("pk_number_counters")),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("applicant_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=True),
        sa.Column("class_id", sa.Uuid(), nullable=True),
        sa.Column("contact_phone", sa.String(length=100), nullable=True),
        sa.Column("student_number", sa.String(length=100), nullable=True),
        sa.Column("consent_version", sa.Integer(), nullable=True),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "info_requested",
                "suspended",
                "approved",
                "rejected",
                "appealed",
                "withdrawn",
                name="application_status",
            ),
            server_default="draft",
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appeal_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("student_id", sa.Uuid(), nullable=True),
        sa.Column("school_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["accounts.id"],
            name=op.f("fk_applications_applicant_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_applications_child_id_children"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["school_classes.id"],
            name=op.f("fk_applications_class_id_school_classes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["consent_version"],
            ["consent_documents.version"],
            name=op.f("fk_applications_consent_version_consent_documents"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_applications_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_applications_student_id_students"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("number", name=op.f("uq_applications_number")),
    )
    op.create_index(
        "ix_applications_applicant_id_created_at",
        "applications",
        ["applicant_id", "created_at"],
        unique=False,
    )
    op.create_index(op.f("ix_applications_child_id"), "applications", ["child_id"], unique=False)
    op.create_index(
        "ix_applications_school_id_status_due_at",
        "applications",
        ["school_id", "status", "due_at"],
        unique=False,
    )
    op.create_index(
        "uq_applications_child_id_school_id_open",
        "applications",
        ["child_id", "school_id"],
        unique=True,
        postgresql_where=sa.text(
            "status IN ('draft', 'submitted', 'under_review', 'info_requested', 'suspended', 'appealed')"
        ),
    )
    op.create_table(
        "connection_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("requester_id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("region_code", sa.String(length=2), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=16), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("letter_document_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "in_progress",
                "connected",
                "declined",
                name="connection_request_status",
            ),
            server_default="submitted",
            nullable=False,
        ),
        sa.Column("staff_comment", sa.Text(), nullable=True),
        sa.Column("expected_date", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["accounts.id"],
            name=op.f("fk_connection_requests_decided_by_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["letter_document_id"],
            ["documents.id"],
            name=op.f("fk_connection_requests_letter_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["accounts.id"],
            name=op.f("fk_connection_requests_requester_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_connection_requests_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connection_requests")),
    )
    op.create_index(
        op.f("ix_connection_requests_requester_id"),
        "connection_requests",
        ["requester_id"],
        unique=False,
    )
    op.create_index(
        "ix_connection_requests_school_id", "connection_requests", ["school_id"], unique=False
    )
    op.create_index(
        "ix_connection_requests_status_region_code",
        "connection_requests",
        ["status", "region_code"],
        unique=False,
    )
    op.create_index(
        "uq_connection_requests_requester_id_school_id_open",
        "connection_requests",
        ["requester_id", "school_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('submitted', 'in_progress')"),
    )
    op.create_table(
        "application_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column(
            "status_from",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "info_requested",
                "suspended",
                "approved",
                "rejected",
                "appealed",
                "withdrawn",
                name="application_status",
            ),
            nullable=True,
        ),
        sa.Column(
            "status_to",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "info_requested",
                "suspended",
                "approved",
                "rejected",
                "appealed",
                "withdrawn",
                name="application_status",
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column(
            "reason_code",
            sa.Enum(
                "incomplete_data",
                "missing_documents",
                "invalid_school_details",
                "technical_requirements",
                "applicant_ineligible",
                "procedure_violation",
                "not_enrolled",
                "other",
                name="application_reason_code",
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["accounts.id"],
            name=op.f("fk_application_events_actor_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    op.create_index(
        "ix_application_events_application_id_id",
        "application_events",
        ["application_id", "id"],
        unique=False,
    )
    op.create_table(
        "support_tickets",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("screenshot_document_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "answered", "closed", name="support_ticket_status"),
            server_default="open",
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_support_tickets_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_support_tickets_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["screenshot_document_id"],
            ["documents.id"],
            name=op.f("fk_support_tickets_screenshot_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_tickets")),
        sa.UniqueConstraint("number", name=op.f("uq_support_tickets_number")),
    )
    op.create_index(
        "ix_support_tickets_account_id_created_at",
        "support_tickets",
        ["account_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_support_tickets_status_updated_at",
        "support_tickets",
        ["status", "updated_at"],
        unique=False,
    )
    op.create_table(
        "application_attachments",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "added_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_attachments_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_application_attachments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["application_events.id"],
            name=op.f("fk_application_attachments_event_id_application_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "application_id", "document_id", name=op.f("pk_application_attachments")
        ),
    )
    op.create_index(
        op.f("ix_application_attachments_document_id"),
        "application_attachments",
        ["document_id"],
        unique=False,
    )
    op.create_table(
        "support_messages",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("from_staff", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["accounts.id"],
            name=op.f("fk_support_messages_author_id_accounts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["support_tickets.id"],
            name=op.f("fk_support_messages_ticket_id_support_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_messages")),
    )
    op.create_index(
        "ix_support_messages_ticket_id_id", "support_messages", ["ticket_id", "id"], unique=False
    )
    consent_documents = sa.table(
        "consent_documents",
        sa.column("version", sa.Integer()),
        sa.column("title", sa.String()),
        sa.column("text", sa.Text()),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        consent_documents,
        [
            {
                "version": 1,
                "title": CONSENT_TITLE,
                "text": CONSENT_TEXT,
                "published_at": CONSENT_PUBLISHED_AT,
            }
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_support_messages_ticket_id_id", table_name="support_messages")
    op.drop_table("support_messages")
    op.drop_index(
        op.f("ix_application_attachments_document_id"), table_name="application_attachments"
    )
    op.drop_table("application_attachments")
    op.drop_index("ix_support_tickets_status_updated_at", table_name="support_tickets")
    op.drop_index("ix_support_tickets_account_id_created_at", table_name="support_tickets")
    op.drop_table("support_tickets")
    op.drop_index("ix_application_events_application_id_id", table_name="application_events")
    op.drop_table("application_events")
    op.drop_index(
        "uq_connection_requests_requester_id_school_id_open",
        table_name="connection_requests",
        postgresql_where=sa.text("status IN ('submitted', 'in_progress')"),
    )
    op.drop_index("ix_connection_requests_status_region_code", table_name="connection_requests")
    op.drop_index("ix_connection_requests_school_id", table_name="connection_requests")
    op.drop_index(op.f("ix_connection_requests_requester_id"), table_name="connection_requests")
    op.drop_table("connection_requests")
    op.drop_index(
        "uq_applications_child_id_school_id_open",
        table_name="applications",
        postgresql_where=sa.text(
            "status IN ('draft', 'submitted', 'under_review', 'info_requested', 'suspended', 'appealed')"
        ),
    )
    op.drop_index("ix_applications_school_id_status_due_at", table_name="applications")
    op.drop_index(op.f("ix_applications_child_id"), table_name="applications")
    op.drop_index("ix_applications_applicant_id_created_at", table_name="applications")
    op.drop_table("applications")
    op.drop_table("number_counters")
    op.drop_table("consent_documents")
    for name in (
        "application_status",
        "application_reason_code",
        "connection_request_status",
        "support_ticket_status",
    ):
        sa.Enum(name=name).drop(op.get_bind(), checkfirst=True)
