"""Read a user document into numbered parts (PDF pages, text/Word paragraph groups).

Every failure is a LoadError with a Chinese message naming the file; callers keep going.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import check_input_file

SUPPORTED = (".md", ".txt", ".pdf", ".docx")
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before reading
PART_CHARS = 600  # paragraphs of text/Word files are grouped into parts of about this size


class LoadError(Exception):
    """A file that cannot be ingested; str() is the Chinese message."""


@dataclass(frozen=True)
class Part:
    no: int  # page number for PDF, part number for other files (1-based)
    text: str


def check_file(path: Path) -> None:
    """Type, existence and size checks that need no parsing."""
    check_input_file(path, SUPPORTED, MAX_BYTES, LoadError)


def _group(paragraphs: list[str]) -> list[Part]:
    parts, buf = [], ""
    for p in (p.strip() for p in paragraphs):
        if not p:
            continue
        if buf and len(buf) + len(p) > PART_CHARS:
            parts.append(Part(len(parts) + 1, buf))
            buf = ""
        buf = f"{buf}\n{p}" if buf else p
    if buf:
        parts.append(Part(len(parts) + 1, buf))
    return parts


def _read_text(path: Path) -> list[Part]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}：不是 UTF-8 编码的文本，请另存为 UTF-8 后重试") from exc
    return _group(text.replace("\r\n", "\n").split("\n\n"))


def _read_pdf(path: Path) -> list[Part]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError(f"{path.name}：PDF 已加密，请先解除密码保护")
        pages = [(n, (page.extract_text() or "").strip()) for n, page in enumerate(reader.pages, 1)]
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files; all mean "cannot read"
        raise LoadError(f"{path.name}：PDF 文件已损坏或无法读取（{type(exc).__name__}）") from exc
    parts = [Part(n, t) for n, t in pages if t]
    if not parts:
        raise LoadError(f"{path.name}：PDF 中没有可提取的文字（可能是扫描件，请先做文字识别）")
    return parts


def _read_docx(path: Path) -> list[Part]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # not a zip, missing parts, XML errors: all mean "not a readable .docx"
        raise LoadError(f"{path.name}：Word 文件已损坏或不是 .docx 格式") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += ["　".join(cell.text for cell in row.cells) for row in table.rows]
    return _group(paragraphs)


def load_parts(path: Path) -> list[Part]:
    """Parts of a supported file, or LoadError."""
    check_file(path)
    suffix = path.suffix.lower()
    reader = {".pdf": _read_pdf, ".docx": _read_docx}.get(suffix, _read_text)
    parts = reader(path)
    if not parts:
        raise LoadError(f"{path.name}：没有可用的文字内容")
    return parts
