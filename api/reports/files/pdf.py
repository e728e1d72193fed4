"""A ``Document`` as PDF: A4 (landscape for wide tables), DejaVu Sans embedded (subset),
so Cyrillic text is real text — searchable and extractable (``pdftotext``), not glyph
pictures. fpdf2 lays out the tables, repeats their header on each page and numbers the
pages.

The one place reports become PDF. ``write`` takes ``decorate``: a callable that draws on
the finished pages (a QR code of a signed record's verification link, say), so another
kind of PDF adds to this one instead of copying it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Literal

import segno
from fpdf import FPDF
from fpdf.fonts import FontFace

from api.reports.files.document import Cell, Document, Sheet, Soft
from api.reports.files.fonts import font_paths

FONT = "DejaVu"
HEADER_FILL = (232, 238, 247)
WIDE = 8  # tables of more columns turn the page to landscape
NUMERIC = ("int", "number", "percent")


class ReportPdf(FPDF):
    """A4 pages with the document's title in the running footer and «стр. N из M»."""

    def __init__(self, orientation: Literal["portrait", "landscape"], fonts: Path) -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        for style, path in font_paths(fonts).items():
            self.add_font(FONT, style, str(path))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"стр. {self.page_no()} из {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def text(value: Cell, kind: str, digits: int = 2) -> str:
    soft = isinstance(value, Soft)
    if isinstance(value, Soft):
        value = value.value
    if value is None:
        shown = "—" if kind in NUMERIC else ""
    elif isinstance(value, date):
        shown = value.strftime("%d.%m.%Y")
    elif isinstance(value, float):
        places = 1 if kind == "percent" else digits
        shown = f"{value:.{places}f}".replace(".", ",")
    else:
        shown = str(value)
    return f"{shown}*" if soft else shown


def _orientation(document: Document) -> Literal["portrait", "landscape"]:
    widest = max((len(s.columns) for s in document.sheets), default=0)
    return "landscape" if widest > WIDE else "portrait"


def _paragraph(pdf: ReportPdf, line: str, size: float, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    # Ragged right: justified lines with a long token (a key, a link) stretch into gaps.
    pdf.multi_cell(0, size * 0.5, line, align="L", new_x="LMARGIN", new_y="NEXT")


def _widths(pdf: ReportPdf, sheet: Sheet) -> tuple[float, ...]:
    """Column widths (mm) from the relative ones, each at least as wide as the longest word
    of its heading: a narrow subject column otherwise breaks «Математика» into «Математ /
    ика». The widening is taken from the columns with room to spare (the names)."""
    pdf.set_font(FONT, "B", 8.5)
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    need = [
        max(pdf.get_string_width(word) for word in (c.title.split() or [""]))
        + 2 * pdf.c_margin
        + 0.5
        for c in sheet.columns
    ]
    weight = [c.width for c in sheet.columns]
    if sum(need) > usable:  # cannot fit every word: keep the proportions
        return tuple(usable * w / sum(weight) for w in weight)
    fixed: dict[int, float] = {}
    while True:
        free = usable - sum(fixed.values())
        rest = [i for i in range(len(weight)) if i not in fixed]
        share = sum(weight[i] for i in rest)
        widths = {i: free * weight[i] / share for i in rest}
        short = {i: need[i] for i, width in widths.items() if width < need[i]}
        if not short:
            return tuple(fixed.get(i, widths.get(i, 0.0)) for i in range(len(weight)))
        fixed.update(short)


def _table(pdf: ReportPdf, sheet: Sheet) -> None:
    _paragraph(pdf, sheet.title, 12, "B")
    pdf.ln(1)
    if not sheet.rows:
        _paragraph(pdf, sheet.empty, 10, "I")
    else:
        widths = _widths(pdf, sheet)  # measures in the headings' bold: before the cells' font
        pdf.set_font(FONT, "", 8.5)
        align = tuple("RIGHT" if c.kind in NUMERIC else "LEFT" for c in sheet.columns)
        with pdf.table(
            col_widths=widths,
            text_align=align,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            line_height=4.5,
            repeat_headings=1,
        ) as table:
            heading = table.row()
            for column in sheet.columns:
                heading.cell(column.title)
            for row in sheet.rows:
                cells = table.row()
                for value, column in zip(row, sheet.columns, strict=True):
                    style = FontFace(emphasis="ITALICS") if isinstance(value, Soft) else None
                    cells.cell(text(value, column.kind, column.digits), style=style)
    for note in sheet.notes:
        pdf.ln(1)
        _paragraph(pdf, note, 8.5, "I")
    pdf.ln(4)


def write(
    document: Document,
    out: IO[bytes],
    *,
    fonts: Path,
    decorate: Callable[[ReportPdf], None] | None = None,
) -> None:
    pdf = ReportPdf(_orientation(document), fonts)
    pdf.set_title(document.title)
    pdf.set_lang("ru")
    pdf.set_creator("Электронный дневник")
    pdf.footer_text = document.title
    pdf.add_page()
    _paragraph(pdf, document.title, 16, "B")
    pdf.ln(1)
    for line in document.lines:
        _paragraph(pdf, line, 10)
    if document.notes:
        pdf.ln(2)
        _paragraph(pdf, "На что обратить внимание", 11, "B")
        for note in document.notes:
            _paragraph(pdf, f"• {note}", 10)
    pdf.ln(4)
    for sheet in document.sheets:
        _table(pdf, sheet)
    if decorate is not None:
        decorate(pdf)
    out.write(bytes(pdf.output()))


QR_SIZE = 32  # mm: about 1.3 mm a module for a ~70-character link, read by any phone camera


def verification_mark(url: str, record_id: str) -> Callable[[ReportPdf], None]:
    """A ``decorate`` for PDFs of signed records: under the tables, a QR code of the public
    verification link with the link and the record's number printed beside it, so a
    reader without a phone can type them. Starts a new page rather than splitting it."""

    def draw(pdf: ReportPdf) -> None:
        if pdf.get_y() + QR_SIZE + 4 > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.ln(2)
        top, left = pdf.get_y(), pdf.l_margin
        picture = io.BytesIO()
        segno.make(url, error="m").save(picture, kind="png", scale=8, border=2)
        picture.seek(0)
        pdf.image(picture, x=left, y=top, w=QR_SIZE, h=QR_SIZE, alt_text=url)
        beside = left + QR_SIZE + 4
        pdf.set_xy(beside, top + 3)
        width = pdf.w - pdf.r_margin - beside
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(width, 5, "Проверка подписи", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(
            width,
            4.5,
            "Наведите камеру телефона на код или откройте ссылку: на странице видно, "
            "верна ли подпись, кто и когда подписал.",
            new_x="LEFT",
            new_y="NEXT",
        )
        pdf.set_xy(beside, pdf.get_y() + 1)  # ln() would return to the margin, over the code
        pdf.multi_cell(width, 4.5, url, new_x="LEFT", new_y="NEXT")
        pdf.multi_cell(width, 4.5, f"Номер записи: {record_id}", new_x="LEFT", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + QR_SIZE) + 2)
        pdf.set_x(left)

    return draw
