"""Render document blocks to plain Markdown or a standalone, printable HTML page."""

from __future__ import annotations

import html

from .documents import Block, Heading, Items, PageBreak, Para, Table

CSS = """body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#111;
max-width:860px;margin:24px auto;line-height:1.6}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:20px 0 4px;border-top:1px solid #ddd;padding-top:10px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #444;padding:6px 8px;text-align:left;
vertical-align:top}th{background:#f2f2f2}tr.total td{font-weight:700}td.blank{min-width:56px;height:28px}
.small{color:#444;font-size:13px}.sheet{page-break-after:always;break-after:page}
.sheet:last-child{page-break-after:auto;break-after:auto}
.sheet+.sheet{border-top:2px dashed #bbb;margin-top:32px;padding-top:16px}
@media print{body{margin:0;max-width:none}.sheet+.sheet{border:0;margin:0;padding:0}h2{break-after:avoid}th{background:#eee}}"""


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _md_block(b: Block) -> str:
    if isinstance(b, Heading):
        return f"{'#' * b.level} {b.text}"
    if isinstance(b, Para):
        return (f"**{b.label}**" if b.label else "") + b.text
    if isinstance(b, Items):
        return "\n".join(f"{i}. {x}" if b.ordered else f"- {x}" for i, x in enumerate(b.items, 1))
    if isinstance(b, Table):
        rows = [b.header, ["---"] * len(b.header)] + b.rows + ([b.total] if b.total else [])
        return "\n".join("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows)
    return "---"


def to_md(blocks: list[Block]) -> str:
    return "\n\n".join(_md_block(b) for b in blocks) + "\n"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _cell(tag: str, text: str, header: list[str], col: int) -> str:
    blank = ' class="blank"' if not text and header[col] in ("得分", "评语") else ""
    return f"<{tag}{blank}>{_esc(text)}</{tag}>"


def _html_table(t: Table) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in t.header)
    rows = ["<tr>" + "".join(_cell("td", c, t.header, i) for i, c in enumerate(r)) + "</tr>" for r in t.rows]
    if t.total:
        rows.append('<tr class="total">' + "".join(f"<td>{_esc(c)}</td>" for c in t.total) + "</tr>")
    cols = "".join(f'<col style="width:{100 * w / sum(t.widths):.0f}%">' for w in t.widths)
    cols = f"<colgroup>{cols}</colgroup>" if cols else ""
    return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _html_block(b: Block) -> str:
    if isinstance(b, Heading):
        return f"<h{b.level}>{_esc(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        label = f"<b>{_esc(b.label)}</b>" if b.label else ""
        return f"<p{' class=small' if b.small else ''}>{label}{_esc(b.text)}</p>"
    if isinstance(b, Items):
        tag = "ol" if b.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_esc(x)}</li>" for x in b.items) + f"</{tag}>"
    return _html_table(b)


def _pages(blocks: list[Block]) -> list[list[Block]]:
    pages: list[list[Block]] = [[]]
    for b in blocks:
        if isinstance(b, PageBreak):
            pages.append([])
        else:
            pages[-1].append(b)
    return pages


def to_html(blocks: list[Block], title: str) -> str:
    sheets = "\n".join('<section class="sheet">' + "".join(_html_block(b) for b in page) + "</section>"
                       for page in _pages(blocks))
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(title)}</title><style>{CSS}</style></head>\n<body>\n{sheets}\n</body></html>\n")
