"""Command line: every command only parses arguments and calls App services."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from .app import App
from .cli_support import load_rubric, read_answer, read_script, scripted_answer, user_actor
from .config import load_settings
from .errors import AssistantError
from .levels import resolve_level
from .render import hits_text, standard_json, standard_tree

cli = typer.Typer(add_completion=False, no_args_is_help=True, help="信用管理师综合评审助手")
eval_cli = typer.Typer(no_args_is_help=True, help="评测：检索等")
docs_cli = typer.Typer(no_args_is_help=True, help="我的资料：查看、删除已加入的文件")
cli.add_typer(eval_cli, name="eval")
cli.add_typer(docs_cli, name="docs")
_state: dict[str, App] = {}


def _app() -> App:
    if "app" not in _state:
        _state["app"] = App(load_settings())
    return _state["app"]


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=None))


def _warnings(app: App) -> None:
    for w in app.warnings:
        typer.echo(f"提示：{w}", err=True)
    app.warnings.clear()


@cli.command()
def standard(level: str = typer.Option(None, "--level", help="只看一个等级，如 二级 或 一级/高级技师"),
             as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """显示结构化的国家职业技能标准（等级 › 职业功能 › 工作内容 › 技能与知识要求）。"""
    std = _app().standard
    name = resolve_level(level)
    levels = [std.level(name)] if name else std.levels
    typer.echo(json.dumps(standard_json(std, levels), ensure_ascii=False) if as_json else standard_tree(std, levels))


def _report_line(report) -> str:
    return (f"索引完成：共 {report.total} 段，新向量化 {report.embedded} 段，删除过期 {report.removed} 段，"
            f"用时 {report.seconds:.1f} 秒。")


@cli.command()
def ingest(paths: list[Path] = typer.Argument(None, help="要加入的个人资料（.md .txt .pdf .docx）；不写则只更新内置资料"),
           rebuild: bool = typer.Option(False, "--rebuild", help="删除现有索引后重建（可修复损坏的索引）"),
           as_json: bool = typer.Option(False, "--json"),
           user: str = typer.Option(None, "--user", help="该账户的个人资料（多人使用时；默认本机用户）")) -> None:
    """建立或更新检索索引；给出文件路径时把个人资料加入索引（内容未变的段落不会重新向量化）。"""
    app = _app()
    if not paths:
        report = app.ingest(rebuild=rebuild, progress=not as_json)
        _warnings(app)
        typer.echo(json.dumps(report.__dict__) if as_json else _report_line(report))
        return
    if rebuild:
        app.ingest(rebuild=True, progress=not as_json)
    results, report = app.add_documents(paths, progress=not as_json, actor=user_actor(app, user))
    _warnings(app)
    if as_json:
        _echo_json({"files": [r.__dict__ for r in results], "index": report.__dict__ if report else None})
    else:
        labels = {"added": "已加入", "updated": "已更新", "unchanged": "未变化", "failed": "失败"}
        for r in results:
            text = r.message if r.status == "failed" else f"{r.name}：{r.message}"  # errors name the file
            typer.echo(f"[{labels[r.status]}] {text}", err=r.status == "failed")
        if report:
            typer.echo(_report_line(report))
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@docs_cli.command("list")
def docs_list(as_json: bool = typer.Option(False, "--json"), user: str = typer.Option(None, "--user", help="该账户的个人资料（多人使用时；默认本机用户）")) -> None:
    """列出已加入索引的个人资料。"""
    app = _app()
    entries = app.list_documents(user_actor(app, user))
    if as_json:
        _echo_json(entries)
    elif not entries:
        typer.echo("资料库为空。用 assistant ingest 文件路径 加入资料。")
    else:
        for name, e in sorted(entries.items()):
            typer.echo(f"{name}　{e['parts']} 部分 / {e['chunks']} 段　加入于 {e['added']}")


@docs_cli.command("remove")
def docs_remove(name: str = typer.Argument(..., help="文件名（见 assistant docs list）"), user: str = typer.Option(None, "--user", help="该账户的个人资料（多人使用时；默认本机用户）")) -> None:
    """从索引中删除一份个人资料及其全部段落。"""
    app = _app()
    report = app.remove_document(name, user_actor(app, user))
    typer.echo(f"已删除 {name}。" + _report_line(report))


@cli.command()
def search(query: str = typer.Argument(..., help="检索问题"), k: int = typer.Option(5, "-k", help="返回条数"),
           level: str = typer.Option(None, "--level", help="只检索某一等级"),
           function: str = typer.Option(None, "--function", help="只检索某一职业功能，如 授信审批"),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """在标准与参考资料中混合检索（向量 + BM25）。"""
    app = _app()
    hits = app.search(query, k=k, level=level, function=function)
    _warnings(app)
    typer.echo(json.dumps([h.to_json() for h in hits], ensure_ascii=False) if as_json else hits_text(hits))


@cli.command()
def shell(k: int = typer.Option(5, "-k")) -> None:
    """交互式检索（输入问题回车；空行或 Ctrl-D 退出）。"""
    app = _app()
    app.retriever()
    _warnings(app)
    typer.echo("信用管理师综合评审助手 · 检索（空行退出）")
    while True:
        try:
            query = input("问> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not query:
            break
        try:
            typer.echo(hits_text(app.search(query, k=k)))
        except AssistantError as err:
            typer.echo(f"错误：{err}", err=True)


@cli.command()
def ask(question: str = typer.Argument(..., help="问题"), level: str = typer.Option(None, "--level"),
        as_json: bool = typer.Option(False, "--json")) -> None:
    """向导师提问：只依据标准与参考资料回答，并标注出处。"""
    app = _app()
    answer = app.ask(question, level=level)
    _warnings(app)
    if as_json:
        _echo_json(answer.to_json())
        return
    typer.echo(answer.answer)
    if answer.notice:
        typer.echo(answer.notice, err=True)
    if answer.citations:
        typer.echo("\n出处：" + "；".join(f"{c['locator']} {c['title']}" for c in answer.citations))


@cli.command()
def chat(level: str = typer.Option(None, "--level")) -> None:
    """多轮对话（流式输出；空行或 Ctrl-D 退出）。可追问“那一级呢？”“举个例子”。"""
    from .tutor import TutorAnswer

    app = _app()
    tutor = app.tutor
    _warnings(app)
    history: list[str] = []
    typer.echo("信用管理师学习导师（空行退出）")
    while True:
        try:
            question = input("\n问> ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        try:
            for part in tutor.stream(question, history, level):
                if isinstance(part, TutorAnswer):
                    history.append(part.query or question)
                else:
                    typer.echo(part, nl=False)
            typer.echo("")
        except AssistantError as err:
            typer.echo(f"错误：{err}", err=True)


@cli.command()
def quiz(level: str = typer.Option("二级", "--level"), seed: int = typer.Option(None, "--seed"),
         rounds: int = typer.Option(1, "--rounds", help="连续出几题"),
         user: str = typer.Option(None, "--user", help="记入该账户的成绩（默认本机用户）")) -> None:
    """测验：按标准的技能要求出题，按要点覆盖打分并指出要复习的内容（回答以空行结束）。"""
    app = _app()
    actor = user_actor(app, user)
    for n in range(rounds):
        question = app.quiz_question(level, None if seed is None else seed + n)
        typer.echo(f"\n第 {n + 1} 题 {question.prompt}")
        lines = []
        while True:
            try:
                line = input()
            except EOFError:
                break
            if not line.strip():
                break
            lines.append(line)
        typer.echo(app.quiz_grade(question, "\n".join(lines), actor).feedback)


def _print_prompt(view: dict) -> None:
    p = view["prompt"]
    label = {"statement": "陈述", "question": "提问", "followup": "追问"}[p["kind"]]
    typer.echo(f"\n[{label}｜{p['reviewer']}（{p['role']}）｜剩余 {view['remaining_s'] / 60:.1f} 分钟]\n{p['text']}")


@cli.command()
def defend(level: str = typer.Option("二级", "--level", help="二级/技师 或 一级/高级技师"),
           dossier: Path = typer.Option(None, "--dossier", help="申报材料：技术总结/论文/业绩（.txt .md .docx .pdf）"),
           panel: int = typer.Option(3, "--panel", help="评审组人数：3 或 5"),
           minutes: int = typer.Option(30, "--minutes", help="评审时长（分钟）"),
           seed: int = typer.Option(None, "--seed", help="随机种子（同一种子同一套题）"),
           script: Path = typer.Option(None, "--script", help="JSONL 答案脚本：每行 {\"text\": …}、{\"audio\": …} "
                                       "或 {\"skip\": true}，按顺序作答；脚本用完即结束答辩"),
           resume: str = typer.Option(None, "--resume", help="续答被中断的场次 ID"),
           as_json: bool = typer.Option(False, "--json", help="输出完整场次记录 JSON"),
           user: str = typer.Option(None, "--user", help="以该账户身份答辩（多人使用时；默认本机用户）")) -> None:
    """模拟综合评审答辩：开场 → 陈述 → 提问与追问 → 评议 → 结果。答案逐条保存，可用 --resume 续答。"""
    from .providers.clock import FakeClock

    app = _app()
    service, actor = app.defenses, user_actor(app, user)
    answers = read_script(script) if script else None
    clock = FakeClock() if script else None
    view = (service.resume(resume, clock=clock, actor=actor) if resume else
            service.start(level, minutes=minutes, panel_size=panel, seed=seed, dossier=dossier, clock=clock,
                          actor=actor))
    sid = view["id"]
    if not as_json:
        typer.echo(f"场次 {sid} ｜ {view['level']} ｜ {view['minutes']} 分钟 ｜ 评审组："
                   + "、".join(f"{r['name']}（{r['role']}）" for r in view["panel"]))
    if answers is not None:
        service.run_script(sid, answers, lambda line, question: scripted_answer(app, line, question), actor)
    else:
        while not (view := service.view(sid, actor=actor))["ended"]:
            _print_prompt(view)
            answer = read_answer()
            if answer is None:
                typer.echo(f"\n已暂停。续答：assistant defend --resume {sid}")
                return
            if answer.strip():
                service.submit(sid, view["prompt"]["seq"], answer, actor=actor)
            else:
                service.skip(sid, view["prompt"]["seq"], actor=actor)
    record = service.record(sid, actor)
    if as_json:
        _echo_json(record)
        return
    typer.echo(f"\n结果：总分 {record['total']}（{'通过' if record['passed'] else '未通过'}），答辩部分 "
               f"{record['scores']['defense']}，材料部分 {record['scores']['dossier'] or '未评'}；"
               f"用时 {record['elapsed_s'] / 60:.1f} 分钟；未覆盖 {len(record['unreached'])} 题。"
               f"报告：assistant report {sid}")


@cli.command()
def transcribe(audio: Path = typer.Argument(..., help="音频文件（wav ogg mp3 m4a flac webm）"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """把普通话回答转成简体中文文字，并给出表达情况（语速、长停顿等）。"""
    from .speech import delivery_metrics

    tr = _app().transcribe(audio)
    metrics = delivery_metrics(tr)
    if as_json:
        _echo_json({**tr.to_json(), "delivery": metrics.to_json()})
        return
    typer.echo(tr.text or "（没有识别到语音）")
    typer.echo("\n" + "\n".join(metrics.feedback()))


@eval_cli.command("asr")
def eval_asr(manifest: Path = typer.Option(..., "--manifest",
                                           help="JSONL：{audio（相对清单的路径）, text[, terms, condition, hint]}"),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """语音识别评测：字错误率 CER、术语错误率（没识别对的专业术语占比）、实时率 RTF，并按录音条件分列。"""
    result = _app().eval_asr(manifest)
    if as_json:
        _echo_json(result)
        return
    rate = (lambda r: "—" if r["term_error_rate"] is None else f"{r['term_error_rate']:.4f}")  # noqa: E731
    typer.echo(f"{manifest.name}：n={result['n']}  CER={result['cer']:.4f}  术语错误率={rate(result)}  "
               f"RTF={result['rtf']:.4f}")
    typer.echo("\n".join(f"  {c:<8} CER={r['cer']:.4f}  术语错误率={rate(r)}" for c, r in result["by_condition"].items()))


@cli.command()
def score(question: str = typer.Option(..., "--question", help="题目"),
          rubric: Path = typer.Option(..., "--rubric", help="评分要点 JSON：[{point, weight}]"),
          answer_file: Path = typer.Option(..., "--answer-file", help="回答文本文件（UTF-8）"),
          spoken: bool = typer.Option(False, "--spoken", help="回答是语音识别稿（按口述回答评分）"),
          as_json: bool = typer.Option(False, "--json")) -> None:
    """按评分要点给一段回答打分（离线），列出每个要点的覆盖情况与证据句。"""
    try:
        answer = answer_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"无法读取回答文件（需 UTF-8 文本）：{answer_file}") from exc
    card = _app().score(question, load_rubric(rubric), answer, spoken)
    if as_json:
        _echo_json(card.to_json())
        return
    typer.echo(f"得分：{card.score}" + ("（离题）" if card.off_topic else "") + ("（空回答）" if card.empty else ""))
    marks = {"covered": "✓ 覆盖", "partly": "△ 部分", "missing": "✗ 缺失", "wrong": "✗ 错误"}
    for p in card.points:
        typer.echo(f"{marks[p.status]} [{p.weight}] {p.point}" + (f"\n    证据：「{p.evidence}」" if p.evidence else "")
                   + (f"\n    {p.error}" if p.error else ""))
    typer.echo("维度：" + "，".join(f"{k} {v}" for k, v in card.dimensions.items()))


@eval_cli.command("scoring")
def eval_scoring(dataset: Path = typer.Option(..., "--dataset"),
                 split: str = typer.Option(None, "--split", help="fit | check | check2 | dev3 | check3 | dev4 | check4 | dev5 | check5（不写则全部）"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """评分一致性评测：Spearman、成对排序准确率、平均绝对误差。"""
    result = _app().eval_scoring(dataset, split)
    if as_json:
        _echo_json(result)
        return
    from .scoring_eval import summary_lines

    typer.echo(f"{dataset.name}（{split or '全部'}）：")
    typer.echo("\n".join(summary_lines(result)))


@eval_cli.command("tutor")
def eval_tutor(dataset: Path = typer.Option(..., "--dataset", help="JSONL：{id, question, kind, source, keypoints}"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """导师评测：引用命中率、对抗题处理率。"""
    result = _app().eval_tutor(dataset)
    if as_json:
        _echo_json(result)
        return
    from .evaluation import tutor_summary_lines

    typer.echo("\n".join(tutor_summary_lines(dataset.name, result)))


@eval_cli.command("retrieval")
def eval_retrieval(dataset: Path = typer.Option(..., "--dataset", help="JSONL：{id, question, source}"),
                   mode: str = typer.Option("hybrid", "--mode", help="hybrid | dense | bm25"),
                   as_json: bool = typer.Option(False, "--json")) -> None:
    """检索评测：hit@1、hit@5、MRR 与热启动延迟。"""
    result = _app().eval_retrieval(dataset, mode=mode)
    if as_json:
        _echo_json(result)
        return
    misses = [i["id"] for i in result["items"] if not i["rank"]]
    typer.echo(f"{dataset.name}（{mode}）：n={result['n']}  hit@1={result['hit@1']:.3f}  hit@5={result['hit@5']:.3f}  "
               f"MRR={result['mrr']:.3f}  延迟 p50={result['latency_ms']['p50']}ms p95={result['latency_ms']['p95']}ms")
    if misses:
        typer.echo(f"前 5 未命中：{', '.join(misses)}")


from . import cli_people, cli_tools  # noqa: E402,F401  (register serve, draft, users, report, history)


def main() -> None:
    """Entry point: Chinese message and non-zero exit on user errors, never a traceback."""
    try:
        code = cli(standalone_mode=False)  # returns the code of typer.Exit instead of raising
        if isinstance(code, int) and code:
            sys.exit(code)
    except AssistantError as err:
        typer.echo(f"错误：{err}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("已取消。", err=True)
        sys.exit(130)
    except Exception as err:  # click usage errors and anything unexpected
        import click

        if isinstance(err, click.exceptions.ClickException):
            typer.echo(f"参数错误：{err.format_message()}", err=True)
            sys.exit(2)
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        typer.echo(f"内部错误：{type(err).__name__}: {err}（设置 ASSISTANT_DEBUG=1 查看详情）", err=True)
        sys.exit(1)
