"""CLI commands for the web app and the panel's drafting tools (registered on the main `cli`)."""

from __future__ import annotations

from pathlib import Path

import typer

from .cli import _app, cli


@cli.command()
def serve(host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问）"),
          port: int = typer.Option(7860, "--port", help="端口"),
          auth: str = typer.Option(None, "--auth", help="访问口令，格式 用户名:密码（单人使用）"),
          users: bool = typer.Option(False, "--users", help="多人使用：每人用 assistant users add 建的账户登录，数据互相隔离")) -> None:
    """打开网页版（学习问答、模拟答辩、出题助手、标准浏览、成绩与进步、设置）。"""
    from .errors import AssistantError
    from .ui.server import serve as run_server

    credentials = None
    if auth is not None:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise AssistantError("--auth 的格式是 用户名:密码，两部分都不能为空。")
        credentials = (user, password)
    if users and credentials:
        raise AssistantError("--users 与 --auth 只能选一个：多人使用请用 --users。")
    run_server(_app(), host=host, port=port, auth=credentials, users=users)


def _read_set_file(path) -> str:
    from .errors import AssistantError

    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise AssistantError(f"找不到文件：{path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"无法读取题目文件（需 UTF-8 文本）：{path}") from exc


@cli.command()
def draft(level: str = typer.Option("二级", "--level", help="等级：二级/技师 或 一级/高级技师"),
          n: int = typer.Option(8, "-n", "--count", help="题数（1–30）"),
          minutes: int = typer.Option(30, "--minutes", help="提问时长，分钟（5–120）"),
          panel: int = typer.Option(3, "--panel", help="评审组人数：3 或 5"),
          function: list[str] = typer.Option(None, "--function", help="只从这些职业功能出题（可重复）"),
          seed: int = typer.Option(None, "--seed", help="随机种子，相同种子出同一套题"),
          fmt: str = typer.Option("docx", "--format", help="导出格式：docx、html 或 md"),
          out: Path = typer.Option(Path("."), "-o", "--out", help="输出目录（默认当前目录）"),
          source: Path = typer.Option(None, "--from", help="导出改好的题目文件（可编辑文本），不重新出题")) -> None:
    """出题助手：按技能要求权重出一套综合评审题，导出 题目与评分细则、评分表（每位评委一份）、参考答案。"""
    from .drafting import default_stem
    from .drafting.export import check_format

    app = _app()
    drafting = app.drafting
    fmt = check_format(fmt)
    if source is not None:
        qs = drafting.from_text(_read_set_file(source))
    else:
        qs = drafting.draft(level, n, minutes, function or None, panel, seed)
    paths = drafting.export(qs, fmt, out, default_stem(qs))
    if source is None:
        editable = out / f"{default_stem(qs)}-可编辑.md"
        editable.write_text(drafting.to_text(qs), encoding="utf-8")
        paths.append(editable)
    for note in qs.notes:
        typer.echo(f"说明：{note}")
    seed_text = f"，随机种子 {qs.seed}" if qs.seed is not None else ""
    typer.echo(f"共 {len(qs.items)} 题（{qs.level}，提问 {qs.minutes} 分钟{seed_text}），已写入：")
    for path in paths:
        typer.echo(f"  {path}")
    if source is None:
        typer.echo("修改“可编辑.md”后可用 --from 该文件 重新导出。")
