"""Mock defense panel: plan a session (bank + dossier probes), run it, save it, resume it."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

from ..errors import AssistantError
from ..levels import resolve_level
from ..prompts import load_prompt, render
from ..providers.clock import Clock
from ..providers.llm import ChatModel, LLMUnavailable
from ..retrieval import Retriever
from ..standard.model import Standard
from ..store import Store
from ..tokenize import Tokenizer
from .bank import BankQuestion
from .dossier import extract_claims, probes_for, read_dossier
from .dossier_review import arithmetic_slips, review_dossier
from .personas import Reviewer, make_panel
from .planner import Plan, PlanItem, make_plan
from .relevance import SkillMatcher
from .session import Session

DOSSIER_PROBES = 2  # the standard's 审阅申报材料: at least two questions about the candidate's own claims
DEFENSE_LEVELS = ("二级/技师", "一级/高级技师")


def _plan_json(plan: Plan, panel_size: int) -> dict:
    return {"level": plan.level, "minutes": plan.minutes, "statement_s": plan.statement_s, "panel": panel_size,
            "seed": plan.seed, "dossier": plan.dossier, "items": [{"function": i.function, "seconds": i.seconds, "source": i.source,
                                     "question": i.question.id if i.question else None, "probe_text": i.probe_text,
                                     "probe_locator": i.probe_locator, "probe_content": i.probe_content,
                                     "claim": i.claim, "reviewer": i.reviewer.name} for i in plan.items]}


def llm_phraser(chat: ChatModel, prompts_dir: Path):
    """Reword a planned question in the reviewer's voice; on any failure keep the planned wording."""
    prompt = load_prompt(str(prompts_dir), "panel")

    def phrase(text: str, reviewer: Reviewer) -> str:
        messages = [{"role": "system", "content": prompt["system"]},
                    {"role": "user", "content": render(prompt["user"], style=reviewer.style, question=text)}]
        try:
            out = chat.generate(messages).strip()
        except LLMUnavailable:
            out = ""
        leaked = any(reviewer.style[i:i + 6] in out for i in range(max(1, len(reviewer.style) - 5)))
        fits = 8 <= len(out) <= 2 * len(text) + 60 and not leaked  # the persona instruction is not said aloud
        return out if fits else f"{reviewer.opener}{text}"

    return phrase


class Panel:
    def __init__(self, standard: Standard, bank: list[BankQuestion], retriever: Retriever, tokenizer: Tokenizer,
                 store: Store, score, phrase=None, prepare=None) -> None:
        self.standard, self.bank, self.retriever, self.tokenizer, self.store = (
            standard, bank, retriever, tokenizer, store)
        self.skills = SkillMatcher(standard, tokenizer)  # the dossier review's relevance to the level
        self.score = score  # (question, rubric, answer) -> ScoreCard
        self.prepare = prepare  # (question, rubric): embeds a planned question's fixed texts ahead of answers
        self.phrase = phrase  # optional LLM wording of questions (see llm_phraser)

    def start(self, level: str, clock: Clock, minutes: int = 30, panel_size: int = 3, seed: int | None = None,
              dossier: Path | None = None, statement_minutes: float | None = None,
              questions: int | None = None, owner: str = "") -> Session:
        """Plan and save a new session (not yet opened: the defense service opens it)."""
        name = resolve_level(level)
        if name not in DEFENSE_LEVELS:
            raise AssistantError(f"综合评审只针对二级/技师和一级/高级技师，收到：{level}")
        if not 2 <= minutes <= 120:
            raise AssistantError(f"评审时长须在 2–120 分钟之间（正式评审不少于 30 分钟，练习可以更短），收到：{minutes}")
        if questions is not None and not 1 <= questions <= 30:
            raise AssistantError(f"题目数量须在 1–30 之间，收到：{questions}")
        panel = make_panel(panel_size)
        seed = random.randrange(1 << 30) if seed is None else seed
        statement_m = min(8.0, minutes / 4) if statement_minutes is None else statement_minutes
        probes, review = [], None
        if dossier is not None:
            text = read_dossier(dossier)
            claims = extract_claims(text)
            probes = probes_for(claims, self.retriever, self.tokenizer, self.standard, name)
            for probe in probes:  # an examiner who recomputed the candidate's own figures says so
                if slips := arithmetic_slips(probe.claim):
                    probe.probe_text += f"另外，{slips[0].split('：')[-1]}，和材料写的不一致，这个数是怎么得出的？"
            review = review_dossier(text, claims, self.skills.match(text, name)).to_json()
        plan = make_plan(self.standard, self.bank, name, minutes, statement_m, panel, seed, probes[:DOSSIER_PROBES],
                         questions)
        plan.dossier = review
        self._prepare(plan)
        sid = uuid.uuid4().hex[:12]
        self.store.create_session(sid, name, _plan_json(plan, panel_size), owner)
        return Session(sid, plan, panel, clock, self.store, self.score, self.phrase)

    def _prepare(self, plan: Plan) -> None:
        for item in plan.items if self.prepare else ():
            self.prepare(item.text, [(p.point, p.weight) for p in item.rubric])

    def resume(self, sid: str, clock: Clock) -> Session:
        """Rebuild a saved session from the store; reads only."""
        row = self.store.session(sid)
        if row is None:
            raise AssistantError(f"找不到答辩记录：{sid}")
        data = json.loads(row["plan_json"])
        panel = make_panel(data["panel"])
        by_name = {r.name: r for r in panel}
        by_id = {q.id: q for q in self.bank}
        items = []
        for i in data["items"]:
            if i["question"] and i["question"] not in by_id:
                raise AssistantError(f"题库中已没有题目 {i['question']}，无法续答该场次。")
            items.append(PlanItem(i["function"], i["seconds"], i["source"], by_id.get(i["question"]),
                                  i["probe_text"], i["probe_locator"], i["probe_content"], i["claim"],
                                  by_name[i["reviewer"]]))
        plan = Plan(data["level"], data["minutes"], data["statement_s"], items, data.get("seed", 0),
                    data.get("dossier"))
        if row["status"] != "finished":
            self._prepare(plan)
        return Session(sid, plan, panel, clock, self.store, self.score, self.phrase,
                       finished=row["status"] == "finished")
