"""The ``edudiary`` command. Every command uses the same database as ``serve``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable, Sequence

from api.config import get_settings
from api.logs import configure_logging


def _serve(args: argparse.Namespace) -> int:
    import signal
    from types import FrameType

    import uvicorn

    from api.main import create_app
    from api.stream.hub import StreamHub

    # The links the app hands out follow --host/--port unless EDUDIARY_PUBLIC_URL is set.
    settings = get_settings().serving_at(args.host, args.port)
    configure_logging(settings.log_level, json=settings.log_json)
    app = create_app(settings)
    hub: StreamHub = app.state.stream_hub

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            # A graceful shutdown waits for open answers, and a live stream never ends
            # by itself: end them now (their clients reconnect to another process).
            # In the signal handler, so on the loop's own thread: hand it to the loop.
            if sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(RuntimeError):
                    asyncio.get_running_loop().call_soon_threadsafe(hub.shutdown)
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        # uvloop + httptools: plain asyncio + h11 measured ~25 % slower here.
        loop="uvloop",
        http="httptools",
        # Open streams hold a connection each and count here: admitted on top.
        limit_concurrency=settings.max_concurrency * 4 + settings.max_streams,
        # Whatever still runs a minute after SIGTERM is cancelled, not waited for.
        timeout_graceful_shutdown=60,
        # The app honours X-Forwarded-For itself, from EDUDIARY_TRUSTED_PROXIES only.
        proxy_headers=False,
        log_config=None,
        access_log=False,
    )
    Server(config).run()
    return 0


def _worker(args: argparse.Namespace) -> int:
    from api import embedded
    from api.db import create_engine, create_sessionmaker, libpq_url
    from api.jobs import runtime
    from api.main import resolve_database_url

    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    url = resolve_database_url(settings)

    async def run() -> None:
        engine = create_engine(url, settings)
        runtime.bind_sessionmaker(create_sessionmaker(engine))
        # procrastinate's worker LISTENs and keeps session state: PostgreSQL itself.
        app = runtime.build_app(libpq_url(settings.direct_url(url)))
        async with app.open_async():
            await app.run_worker_async(
                queues=args.queue or runtime.QUEUES,
                fetch_job_polling_interval=runtime.POLLING_INTERVAL_S,
                concurrency=args.concurrency or runtime.CONCURRENCY,
            )
        await engine.dispose()

    try:
        asyncio.run(run())
    finally:
        if settings.embedded:
            embedded.stop()
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from api import embedded, migrate

    settings = get_settings()
    configure_logging(settings.log_level, json=False)
    url = settings.database_direct_url or settings.database_url or embedded.start(settings.data_dir)
    try:
        migrate.upgrade(url, args.revision)
    finally:
        if settings.embedded:
            embedded.stop()
    print(f"База данных обновлена до ревизии {args.revision}")
    return 0


def _import_schools(args: argparse.Namespace) -> int:
    from pathlib import Path

    from api.schools.commands import import_schools

    configure_logging(get_settings().log_level, json=False)
    return import_schools(Path(args.file), dry_run=args.dry_run)


def _seed_demo(args: argparse.Namespace) -> int:
    from api.demo.seed import seed_demo

    configure_logging(get_settings().log_level, json=False)
    return seed_demo(as_json=args.json)


def _create_user(args: argparse.Namespace) -> int:
    from api.identity.commands import create_user

    return create_user(
        role=args.role,
        phone=args.phone,
        password=args.password,
        last_name=args.last_name,
        first_name=args.first_name,
        middle_name=args.middle_name,
        school_id=args.school_id,
    )


def _documents_migrate_storage(args: argparse.Namespace) -> int:
    from api.documents.commands import migrate_storage

    configure_logging(get_settings().log_level, json=False)
    return migrate_storage()


def _audit_verify(args: argparse.Namespace) -> int:
    from api.audit.chain import verify

    configure_logging(get_settings().log_level, json=False)
    return verify()


def _retention_run(args: argparse.Namespace) -> int:
    from api.retention.commands import run

    configure_logging(get_settings().log_level, json=False)
    return run(dry_run=args.dry_run)


def _verify_signature(args: argparse.Namespace) -> int:
    from api.diary.grades.commands import verify_signature

    source = args.jwks or f"{get_settings().public_url.rstrip('/')}/api/v1/signed-records/keys"
    return verify_signature(args.file, source)


def _openapi(args: argparse.Namespace) -> int:
    from api.openapi import render

    sys.stdout.write(render())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edudiary", description="Электронный дневник: сервер и утилиты"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="API, SPA и (во встроенном режиме) обработчик задач")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(handler=_serve)

    worker = commands.add_parser("worker", help="обработчик фоновых задач (procrastinate)")
    worker.add_argument("--queue", action="append", help="очередь (можно несколько раз)")
    worker.add_argument("--concurrency", type=int, help="задач одновременно (по умолчанию 16)")
    worker.set_defaults(handler=_worker)

    migrate = commands.add_parser("migrate", help="применить миграции базы данных")
    migrate.add_argument("revision", nargs="?", default="heads")
    migrate.set_defaults(handler=_migrate)

    openapi = commands.add_parser("openapi", help="напечатать схему API (OpenAPI JSON)")
    openapi.set_defaults(handler=_openapi)

    import_schools = commands.add_parser(
        "import-schools",
        help="загрузить реестр школ из CSV или XML Рособрнадзора (обновление по ИНН)",
        description="Столбцы CSV (UTF-8, с заголовком): full_name, short_name, inn, ogrn, kpp, "
        "region_code, address, kind, status, connected, municipality, phone, email, website. "
        "Подробнее: docs/schools.md",
    )
    import_schools.add_argument("file", help="CSV или XML файл реестра")
    import_schools.add_argument(
        "--dry-run", action="store_true", help="проверить и посчитать, ничего не сохраняя"
    )
    import_schools.set_defaults(handler=_import_schools)

    seed_demo = commands.add_parser(
        "seed-demo", help="демо-данные (только EDUDIARY_ENV=development или test)"
    )
    seed_demo.add_argument(
        "--json", action="store_true", help="вывести учётные записи и школы в JSON"
    )
    seed_demo.set_defaults(handler=_seed_demo)

    create_user = commands.add_parser(
        "create-user",
        help="создать подтверждённую учётную запись сотрудника",
        description="Учётная запись сразу активна и подтверждена; вход всегда со вторым "
        "фактором (код по СМС). Пароль проверяется по тем же правилам, что при регистрации.",
    )
    create_user.add_argument(
        "--role",
        required=True,
        choices=["operator", "school_admin", "teacher", "class_teacher", "platform_admin"],
    )
    create_user.add_argument("--phone", required=True, help="мобильный телефон, логин для входа")
    create_user.add_argument("--password", required=True)
    create_user.add_argument("--last-name", required=True)
    create_user.add_argument("--first-name", required=True)
    create_user.add_argument("--middle-name")
    create_user.add_argument("--school-id", help="UUID школы (для сотрудников школы)")
    create_user.set_defaults(handler=_create_user)

    documents = commands.add_parser("documents", help="файлы документов")
    documents_commands = documents.add_subparsers(dest="documents_command", required=True)
    migrate_storage = documents_commands.add_parser(
        "migrate-storage",
        help="перенести файлы документов из EDUDIARY_DATA_DIR/documents в PostgreSQL "
        "(повторный запуск ничего не дублирует)",
    )
    migrate_storage.set_defaults(handler=_documents_migrate_storage)

    audit = commands.add_parser("audit", help="журнал аудита")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_verify = audit_commands.add_parser(
        "verify",
        help="проверить цепочку хешей журнала аудита: назвать изменённые и удалённые записи",
    )
    audit_verify.set_defaults(handler=_audit_verify)

    verify_signature = commands.add_parser(
        "verify-signature",
        help="проверить подпись сохранённой ведомости (JSON) без доступа к базе",
        description="Проверяет подпись ведомости итоговых оценок, сохранённой в файл (JSON с "
        "полями document и signature). Ключи — из файла JWKS (без сети) или по адресу. "
        "Код выхода: 0 — подпись верна, 1 — неверна или файл не прочитан. "
        "Подробнее: docs/reports.md",
    )
    verify_signature.add_argument("file", help="файл ведомости (JSON)")
    verify_signature.add_argument(
        "--jwks",
        help="файл или адрес JWKS (по умолчанию — EDUDIARY_PUBLIC_URL/api/v1/signed-records/keys)",
    )
    verify_signature.set_defaults(handler=_verify_signature)

    retention = commands.add_parser("retention", help="сроки хранения данных")
    retention_commands = retention.add_subparsers(dest="retention_command", required=True)
    retention_run = retention_commands.add_parser(
        "run",
        help="удалить сейчас всё, что пережило свой срок хранения (docs/security.md)",
    )
    retention_run.add_argument(
        "--dry-run", action="store_true", help="только посчитать, ничего не удалять"
    )
    retention_run.set_defaults(handler=_retention_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
