"""The fonts report PDFs embed, found without importing the PDF library (fpdf2 and what it
pulls in cost a process ~40 MB: a worker or API process that never writes a PDF should
not carry them, see ``render``)."""

from __future__ import annotations

from pathlib import Path

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


class FontMissing(RuntimeError):
    """The fonts are a system package (Debian ``fonts-dejavu-core``): said, not guessed."""


def font_paths(directory: Path) -> dict[str, Path]:
    paths = {style: directory / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise FontMissing(f"PDF fonts not found: {', '.join(missing)} (fonts-dejavu-core)")
    return paths
