"""Write the three documents of a question set (题目、评分表、参考答案) as md, html or docx files."""

from __future__ import annotations

from pathlib import Path

from ..errors import AssistantError
from .documents import DOCUMENTS
from .model import QuestionSet
from .render_docx import write_docx
from .render_text import to_html, to_md

FORMATS = ("md", "html", "docx")
_BAD_NAME = set('\\/:*?"<>|')


def check_format(fmt: str) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise AssistantError(f"导出格式只能是 md、html 或 docx，收到：{fmt or '（空）'}")
    return fmt


def default_stem(qs: QuestionSet) -> str:
    level = qs.level.split("/")[0]
    return f"综合评审-{level}-{len(qs.items)}题" + (f"-种子{qs.seed}" if qs.seed is not None else "")


def _check_stem(stem: str) -> str:
    stem = (stem or "").strip()
    if not stem or _BAD_NAME & set(stem) or stem.startswith("."):
        raise AssistantError(f"文件名前缀不能为空，也不能含有 \\ / : * ? \" < > | 或以 . 开头，收到：{stem or '（空）'}")
    return stem


def _write(blocks, fmt: str, path: Path, title: str) -> None:
    if fmt == "docx":
        write_docx(blocks, path)
    else:
        path.write_text(to_html(blocks, title) if fmt == "html" else to_md(blocks), encoding="utf-8")


def export(qs: QuestionSet, fmt: str, out_dir: Path, stem: str | None = None) -> list[Path]:
    """Write <stem>-题目.<ext>, <stem>-评分表.<ext>, <stem>-参考答案.<ext>; return their paths."""
    fmt, stem = check_format(fmt), _check_stem(stem or default_stem(qs))
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, build in DOCUMENTS.items():
            path = out_dir / f"{stem}-{name}.{fmt}"
            _write(build(qs), fmt, path, f"{stem}-{name}")
            paths.append(path)
    except OSError as exc:
        raise AssistantError(f"无法写入输出目录 {out_dir}：{exc.strerror or exc}") from exc
    return paths
