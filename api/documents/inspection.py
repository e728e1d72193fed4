"""What a file really is, from its bytes: PDF, JPEG or PNG, and a scan's resolution.

The file name and the declared Content-Type are never trusted. Images are opened by
Pillow with its decompression-bomb limit left at the default (``Image.MAX_IMAGE_PIXELS``),
its warning treated as an error, and only the headers read: nothing is decoded. The seed's
rules: «формат файла - PDF или JPEG» (PNG for the passport), «разрешение не менее 300 dpi».
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import TypeVar

from PIL import Image

from api.errors import FieldError, UnsupportedMediaType, ValidationFailed
from api.i18n import Text

MIN_DPI = 300
PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# EXIF tags: ResolutionUnit, XResolution.
_EXIF_UNIT, _EXIF_XRES = 0x0128, 0x011A


@dataclass(frozen=True, slots=True)
class Inspected:
    content_type: str
    dpi: int | None


E = TypeVar("E", ValidationFailed, UnsupportedMediaType)


def _reject(error: type[E], code: str, ru: str, en: str) -> E:
    text = Text(ru, en)
    return error(code=code, detail=text, errors=[FieldError("file", code, text)])


def sniff(data: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _check_pdf(data: bytes) -> None:
    # Minimal structure: a version after the header and an end-of-file marker at the end
    # (incremental updates append after it, so look in the last kilobyte).
    if data[5:8] not in (
        b"1.0",
        b"1.1",
        b"1.2",
        b"1.3",
        b"1.4",
        b"1.5",
        b"1.6",
        b"1.7",
        b"2.0",
    ) or (b"%%EOF" not in data[-1024:]):
        raise _reject(
            ValidationFailed,
            "document_pdf_invalid",
            "Файл PDF повреждён или сохранён не полностью: сохраните документ в PDF заново",
            "The PDF file is damaged or incomplete: save the document as PDF again",
        )


def _image_dpi(image: Image.Image) -> int | None:
    """The resolution the file declares: JFIF density or EXIF for JPEG, pHYs for PNG."""
    if image.format == "JPEG" and image.info.get("jfif_unit") not in (1, 2):
        exif = image.getexif()
        if _EXIF_UNIT not in exif or _EXIF_XRES not in exif:
            return None  # Pillow would report 72 dpi here; the file says nothing
    dpi = image.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return None
    try:
        value = round(min(float(dpi[0]), float(dpi[1])))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if value > 0 else None


def _open_image(data: bytes, content_type: str) -> int | None:
    bomb = _reject(
        ValidationFailed,
        "document_image_too_large",
        "Изображение слишком большое по числу точек: отсканируйте документ с разрешением "
        "300–600 dpi, без увеличения",
        "The image has too many pixels: scan the document at 300–600 dpi without upscaling",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[content_type]]) as image:
                dpi = _image_dpi(image)
                image.verify()  # structure and checksums; no pixel data is decoded
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise bomb from None
        except Exception:  # any malformed input: Pillow raises many kinds
            raise _reject(
                ValidationFailed,
                "document_image_invalid",
                "Файл повреждён: откройте скан на компьютере, сохраните заново и загрузите",
                "The file is damaged: open the scan, save it again and upload it",
            ) from None
    return dpi


def inspect(data: bytes, *, require_scan_dpi: bool = True) -> Inspected:
    """Raise the reason a file cannot be accepted, or say what it is. CPU-bound for images:
    call it in a thread. The 300 dpi rule is for scans of identity documents; other files
    (screenshots for support, letters) only need to be a real, safe image or PDF."""
    if not data:
        raise _reject(ValidationFailed, "document_empty", "Файл пустой", "The file is empty")
    content_type = sniff(data)
    if content_type is None:
        raise _reject(
            UnsupportedMediaType,
            "document_type_unsupported",
            "Неподдерживаемый формат файла: загрузите скан в PDF, JPEG или PNG",
            "Unsupported file type: upload the scan as PDF, JPEG or PNG",
        )
    if content_type == PDF:
        _check_pdf(data)
        return Inspected(PDF, None)
    dpi = _open_image(data, content_type)
    if not require_scan_dpi:
        return Inspected(content_type, dpi)
    if dpi is None:
        raise _reject(
            ValidationFailed,
            "document_dpi_missing",
            "В файле не указано разрешение скана: отсканируйте документ с разрешением не "
            "менее 300 dpi (фотография с телефона его не содержит) или загрузите PDF",
            "The file does not state its resolution: scan the document at 300 dpi or more "
            "(phone photos do not state it) or upload a PDF",
        )
    if dpi < MIN_DPI:
        raise _reject(
            ValidationFailed,
            "document_dpi_too_low",
            "Разрешение скана ниже 300 dpi: отсканируйте документ заново с разрешением не "
            "менее 300 dpi",
            "The scan resolution is below 300 dpi: scan the document again at 300 dpi or more",
        )
    return Inspected(content_type, dpi)
