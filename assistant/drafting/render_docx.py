"""Render document blocks to a .docx (python-docx): CJK East Asian font, real tables, page breaks."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .documents import Block, Heading, Items, PageBreak, Para, Table

EAST_ASIA_FONT = "Noto Sans CJK SC"
STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Table Grid")
TEXT_WIDTH_MM = 170  # A4 with 20 mm margins


def set_east_asia(element, font: str = EAST_ASIA_FONT) -> None:
    """Set w:rFonts/@w:eastAsia on a style's or run's rPr (and drop a theme font that would win)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)


def _new_document():
    doc = Document()
    for name in STYLES:
        set_east_asia(doc.styles[name].element)
    doc.styles["Normal"].font.size = Pt(10.5)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    return doc


def _run(paragraph, text: str, bold: bool = False, size: float | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    set_east_asia(run._r)


def _para(doc, b: Para) -> None:
    p = doc.add_paragraph()
    if b.label:
        _run(p, b.label, bold=True)
    _run(p, b.text, size=9 if b.small else None)


def _table(doc, t: Table) -> None:
    rows = [t.header] + t.rows + ([t.total] if t.total else [])
    table = doc.add_table(rows=len(rows), cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = not t.widths
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            if t.widths:
                cell.width = Mm(TEXT_WIDTH_MM * t.widths[c] / sum(t.widths))
            _run(cell.paragraphs[0], value, bold=r == 0 or bool(t.total and r == len(rows) - 1))


def _block(doc, b: Block) -> None:
    if isinstance(b, Heading):
        p = doc.add_heading(level=b.level)
        _run(p, b.text)
    elif isinstance(b, Para):
        _para(doc, b)
    elif isinstance(b, Items):
        for i, x in enumerate(b.items, 1):  # numbered by hand: Word's list numbering runs on across lists
            _run(doc.add_paragraph(f"{i}. " if b.ordered else "", style=None if b.ordered else "List Bullet"), x)
    elif isinstance(b, Table):
        _table(doc, b)
    elif isinstance(b, PageBreak):
        doc.add_page_break()


def write_docx(blocks: list[Block], path: Path) -> None:
    doc = _new_document()
    for b in blocks:
        _block(doc, b)
    doc.save(str(path))
