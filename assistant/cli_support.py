"""Input helpers for the CLI that need no CLI framework: answer scripts, stdin answers, rubric files."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import AssistantError


def read_script(path: Path) -> list[dict]:
    """Script lines {"text"} or {"audio": path relative to the script}."""
    from .evaluation import read_jsonl

    lines = read_jsonl(path)
    for n, line in enumerate(lines, 1):
        if "audio" in line and "text" not in line:
            line["audio"] = str((path.parent / line["audio"]).resolve())
        elif not isinstance(line.get("text", ""), str):
            raise AssistantError(f"脚本第 {n} 行的 text 不是文本。")
    return lines


def scripted_answer(app, line: dict, question: str) -> tuple[str, float | None]:
    """Text and speaking time: an audio answer is transcribed (the question's words extend the recogniser's
    prompt) and lasts as long as its recording."""
    if "audio" in line and "text" not in line:
        tr = app.transcribe(Path(line["audio"]), hint=question[-120:])
        return tr.text, tr.duration
    return line.get("text", ""), None


def read_answer() -> str | None:
    lines = []
    while True:
        try:
            line = input()
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            return "\n".join(lines)
        lines.append(line)


def load_rubric(path: Path) -> list[tuple[str, int]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(str(p["point"]), int(p["weight"])) for p in data]
    except FileNotFoundError as exc:
        raise AssistantError(f"找不到评分要点文件：{path}") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise AssistantError(f"评分要点文件应为 JSON 数组：[{{\"point\": …, \"weight\": …}}]（{path.name}）") from exc


def user_actor(app, name: str | None):
    """The person a command acts for: `--user NAME` (an account), else the local user. Shell access to the
    data dir already grants everything in it, so the CLI asks for no password."""
    from .accounts import LOCAL

    return app.accounts.actor(name) if name else LOCAL
