"""CLI commands about people and their records: accounts, assignments, the audit log, reports, history."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from .cli import _app, _echo_json, cli
from .cli_support import user_actor
from .errors import AssistantError
from .render import history_text

users_cli = typer.Typer(no_args_is_help=True, help="账户：考生、评委、管理员（多人使用 serve --users 时）")
cli.add_typer(users_cli, name="users")


def _password(given: str | None) -> str:
    """--password, else stdin when piped, else asked twice without echo."""
    if given:
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first, second = getpass.getpass("口令："), getpass.getpass("再输一次：")
    if first != second:
        raise AssistantError("两次输入的口令不一致。")
    return first


@users_cli.command("add")
def users_add(name: str = typer.Argument(..., help="用户名"),
              role: str = typer.Option("candidate", "--role", help="candidate/考生、examiner/评委、admin/管理员"),
              password: str = typer.Option(None, "--password", help="口令（不写则从标准输入读取）")) -> None:
    """新建账户（口令只存 argon2 哈希）。"""
    actor = _app().accounts.add(name, role, _password(password))
    typer.echo(f"已新建账户 {actor.name}（{actor.role}）。")


@users_cli.command("list")
def users_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """列出账户。"""
    rows = _app().accounts.list()
    if as_json:
        _echo_json([{k: r[k] for k in ("name", "role", "active", "created_at")} for r in rows])
        return
    for r in rows:
        typer.echo(f"{r['name']}\t{r['role_label']}\t{'正常' if r['active'] else '已停用'}\t{r['created_at']}")
    if not rows:
        typer.echo("还没有账户。")


@users_cli.command("disable")
def users_disable(name: str = typer.Argument(...)) -> None:
    """停用账户（数据保留，不能再登录）。"""
    _app().accounts.disable(name)
    typer.echo(f"已停用 {name}。")


@users_cli.command("enable")
def users_enable(name: str = typer.Argument(...)) -> None:
    """恢复已停用的账户。"""
    _app().accounts.enable(name)
    typer.echo(f"已恢复 {name}。")


@users_cli.command("passwd")
def users_passwd(name: str = typer.Argument(...), password: str = typer.Option(None, "--password")) -> None:
    """修改口令。"""
    _app().accounts.passwd(name, _password(password))
    typer.echo(f"已修改 {name} 的口令。")


@users_cli.command("assign")
def users_assign(examiner: str = typer.Argument(..., help="评委用户名"),
                 candidates: list[str] = typer.Argument(..., help="考生用户名（可多个）")) -> None:
    """把考生分配给评委：评委可查看这些考生的答辩记录并自行打分。"""
    accounts = _app().accounts
    for name in candidates:
        accounts.assign(examiner, name)
    typer.echo(f"已分配给 {examiner}：{'、'.join(candidates)}")


@users_cli.command("audit")
def users_audit(as_json: bool = typer.Option(False, "--json"), limit: int = typer.Option(100, "--limit")) -> None:
    """查看审计日志：谁查看或导出了谁的答辩记录。"""
    rows = _app().store.audit_log(limit)
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['at']}\t{r['actor'] or '本机用户'}\t{r['action']}\t{r['owner'] or '本机用户'}\t{r['target']}")


@cli.command()
def report(session_id: str = typer.Argument(..., help="答辩场次 ID"),
           fmt: str = typer.Option("md", "--format", help="md 或 html"),
           output: Path = typer.Option(None, "--output", "-o", help="写入文件（不写则输出到屏幕）"),
           user: str = typer.Option(None, "--user", help="以该账户身份查看（默认本机用户）")) -> None:
    """生成答辩报告：Markdown 或可离线打开的 HTML（含雷达图、职业功能得分、时间线、逐题反馈）。"""
    app = _app()
    text = app.report(session_id, fmt, user_actor(app, user), "export" if output else "read")
    if output:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"报告已保存：{output}")
    else:
        typer.echo(text)


@cli.command()
def history(as_json: bool = typer.Option(False, "--json"),
            user: str = typer.Option(None, "--user", help="该账户的成绩（默认本机用户）")) -> None:
    """成绩与进步：历次模拟答辩总分、各职业功能得分变化，以及测验记录。"""
    app = _app()
    data = app.history(user_actor(app, user))
    if as_json:
        _echo_json(data)
        return
    typer.echo(history_text(data))
