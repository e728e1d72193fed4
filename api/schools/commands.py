"""``edudiary import-schools FILE [--dry-run]``: the command around api/schools/importer.py."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncSession

from api.commands import run_in_transaction
from api.config import get_settings
from api.schools.importer import ImportReport, import_file
from api.schools.sources import SourceError


@dataclass(slots=True)
class ProgressLine:
    """«Импорт: 42 % (18 500 записей)» on stderr: redrawn on a terminal, every 10 % in a log."""

    total_bytes: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    _shown: int = -1

    def __call__(self, position: int, entries: int) -> None:
        percent = min(100, position * 100 // self.total_bytes) if self.total_bytes else 100
        tty = self.stream.isatty()
        step = percent if tty else percent // 10 * 10
        if step == self._shown:
            return
        self._shown = step
        text = f"Импорт: {percent} % ({entries:,} записей)".replace(",", " ")
        self.stream.write(f"\r{text}" if tty else text + "\n")
        if tty and percent == 100:
            self.stream.write("\n")
        self.stream.flush()


def _plural(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def format_report(report: ImportReport, *, dry_run: bool) -> str:
    lines = [
        f"Импорт реестра школ из {report.path.name} ({report.format.upper()})"
        + (" — пробный запуск, изменения не сохранены" if dry_run else ""),
        f"  прочитано записей: {_plural(report.read)}",
        f"  добавлено:         {_plural(report.inserted)}",
        f"  обновлено:         {_plural(report.updated)}",
        f"  без изменений:     {_plural(report.unchanged)}",
        f"  пропущено:         {_plural(report.skipped)}",
    ]
    lines += [f"    {reason}: {_plural(n)}" for reason, n in sorted(report.skipped_reasons.items())]
    lines.append(f"  отклонено:         {_plural(len(report.rejected))}")
    if report.rejected_path is not None:
        lines.append(f"  причины отклонения по строкам: {report.rejected_path}")
    return "\n".join(lines)


def import_schools(path: Path, *, dry_run: bool = False) -> int:
    if not path.is_file():
        print(f"Файл не найден: {path}", file=sys.stderr)
        return 1
    progress = ProgressLine(path.stat().st_size)

    async def work(session: AsyncSession) -> ImportReport:
        return await import_file(session, path, progress=progress)

    try:
        report = run_in_transaction(get_settings(), work, commit=not dry_run)
    except SourceError as exc:
        print(f"Импорт не выполнен: {exc}", file=sys.stderr)
        return 1
    print(format_report(report, dry_run=dry_run))
    return 0
