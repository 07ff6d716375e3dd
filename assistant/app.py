"""Composition root: the one place that picks implementations and wires the services."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path

from .accounts import LOCAL, Accounts, Actor
from .config import LLMSettings, Settings
from .drafting.service import Drafting
from .errors import AssistantError
from .evaluation import eval_asr, eval_retrieval, eval_tutor, read_jsonl
from .index import CorpusIndex, IngestReport
from .ingest.notes import Note, load_notes, note_chunks
from .ingest.standard_chunks import standard_chunks
from .ingest.userdocs import DocResult, UserDocs
from .levels import resolve_level
from .panel import Panel, llm_phraser
from .panel.bank import BankQuestion, load_bank
from .panel.reviews import Reviews
from .panel.service import Defenses
from .providers.asr import Transcriber, Transcript, make_transcriber
from .providers.embeddings import Embedder, make_embedder
from .providers.llm import ChatModel, check_connection, make_chat
from .retrieval import Retriever
from .scoring import ScoreCard, Scorer
from .scoring.canon import CanonBook
from .scoring.facts import FactBook
from .scoring.rivals import Rivals
from .scoring.sounds import SoundLexicon
from .scoring_eval import eval_scoring
from .speech.terms import speech_terms
from .standard import Standard, load_standard
from .store import Store
from .tokenize import Tokenizer
from .tutor import Tutor, TutorAnswer
from .tutor.compose import content_tokens
from .tutor.direct import StandardFacts
from .tutor.guard import Guard
from .tutor.highlight import highlight
from .tutor.intents import IntentReader
from .tutor.pitfalls import Pitfalls
from .tutor.quiz import QuizQuestion, QuizResult, draw_question, grade
from .tutor.scope import ScopeClassifier
from .tutor.scoretable import score_tables
from .types import Chunk, Hit

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
# Credit-management acronyms a candidate may spell out letter by letter (speech.lexicon turns 迪艾斯欧 into DSO).
ACRONYMS = ("DSO", "DPO", "DIO", "ERP", "CRM", "KPI", "ABS", "PMI", "KS", "AUC", "PSI", "ROC", "WOE", "IV", "API",
            "SaaS", "SLA", "RFP", "POC", "TCO", "OA", "CFO", "GDPR", "FCRA", "ICC", "UCP", "LC")
PRIVACY_ENV = {"ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
               "TRANSFORMERS_OFFLINE": "1"}


def apply_privacy_env() -> None:
    """No telemetry from Chroma, Gradio or the HF hub; must run before those libraries are imported."""
    for key, value in PRIVACY_ENV.items():
        os.environ.setdefault(key, value)


class App:
    """Services for the CLI and UI. Heavy parts (models, index) load on first use."""

    def __init__(self, settings: Settings) -> None:
        apply_privacy_env()
        self.settings = settings
        self.warnings: list[str] = []  # shown once by the UI/CLI
        self.multi_user = False  # serve --users: every web request acts as its logged-in account
        self._apply_saved_options()

    # -- options the web app's 设置 tab changes at run time (saved in the data dir, never the key) -------
    @property
    def _options_path(self) -> Path:
        return self.settings.data_dir / "web-settings.json"

    def _apply_saved_options(self) -> None:
        try:
            saved = json.loads(self._options_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        llm = self.settings.llm.model_copy(update={k: v for k, v in saved.get("llm", {}).items()
                                                   if k in ("mode", "base_url", "model")})
        asr = saved.get("asr", self.settings.asr)
        self.settings = self.settings.model_copy(update={"llm": llm, "asr": asr})

    def configure(self, llm: LLMSettings | None = None, asr: str | None = None, api_key: str = "") -> None:
        """Switch the LLM endpoint or speech recognition; the services that use them are rebuilt lazily."""
        if api_key:
            os.environ[(llm or self.settings.llm).api_key_env] = api_key  # this process only, never on disk
        update = {k: v for k, v in (("llm", llm), ("asr", asr)) if v is not None}
        self.settings = self.settings.model_copy(update=update)
        for name in ("chat", "tutor", "_tutors", "scorer", "panel", "transcriber"):
            self.__dict__.pop(name, None)
        data = {"llm": self.settings.llm.model_dump(include={"mode", "base_url", "model"}), "asr": self.settings.asr}
        self._options_path.parent.mkdir(parents=True, exist_ok=True)
        self._options_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    def test_llm(self, llm: LLMSettings, api_key: str = "") -> str:
        """One short round trip to the endpoint; a Chinese error (AssistantError) says what failed."""
        return check_connection(llm, api_key)

    @cached_property
    def standard(self) -> Standard:
        return load_standard(self.settings.standard_path)

    @cached_property
    def embedder(self) -> Embedder | None:
        embedder, warning = make_embedder(self.settings.embeddings)
        if warning:
            self.warnings.append(warning)
        return embedder

    @cached_property
    def tokenizer(self) -> Tokenizer:
        return Tokenizer(self.settings.cache_dir, self.settings.corpus_dir / "terms.txt")

    @cached_property
    def index(self) -> CorpusIndex:
        return CorpusIndex(self.settings.index_dir, self.embedder, self.tokenizer, chroma_url=self.settings.chroma_url)

    def corpus_chunks(self) -> list[Chunk]:
        chunks = standard_chunks(self.standard)
        for note in load_notes(self.settings.corpus_dir / "reference"):
            chunks += note_chunks(note)
        return chunks

    def user_docs(self, actor: Actor = LOCAL) -> UserDocs:
        """A person's own documents (data/docs for the local user, data/users/<name>/docs otherwise)."""
        return UserDocs(self.user_dir(actor) / "docs", actor.name)

    def _everyone_docs(self, but: Actor | None = None) -> list:
        """Chunks of every person's documents (the index holds them all; retrieval shows each only its own)."""
        people = [LOCAL] + [Actor(d.name) for d in sorted((self.settings.data_dir / "users").glob("*")) if d.is_dir()]
        return [c for a in people if but is None or a.name != but.name for c in self.user_docs(a).chunks()]

    def ingest(self, rebuild: bool = False, progress: bool = True) -> IngestReport:
        """(Re)index the shipped corpus and people's documents; embed the bank's questions for the scorer too."""
        report = self.index.ingest(self.corpus_chunks() + self._everyone_docs(), rebuild=rebuild, progress=progress)
        if self.embedder is not None:  # embedded once here, not on the first answer
            self.rivals.vectors(self.embedder)
            for matcher in filter(None, self._by_meaning):
                matcher.vectors()
        return report

    def add_documents(self, paths: list[Path], progress: bool = True,
                      actor: Actor = LOCAL) -> tuple[list[DocResult], IngestReport | None]:
        """Add or update a person's documents; bad files are reported one by one, the rest still go in."""
        docs = self.user_docs(actor)
        entries, user_chunks, results = docs.plan_add(paths)
        if not any(r.status in ("added", "updated") for r in results):
            return results, None
        report = self.index.ingest(self.corpus_chunks() + self._everyone_docs(but=actor) + user_chunks,
                                   progress=progress)
        docs.commit(entries, user_chunks)
        return results, report

    def list_documents(self, actor: Actor = LOCAL) -> dict[str, dict]:
        return self.user_docs(actor).entries()

    def remove_document(self, name: str, actor: Actor = LOCAL) -> IngestReport:
        docs = self.user_docs(actor)
        if name not in docs.entries():
            raise AssistantError(f"资料库中没有名为“{name}”的文件（用 assistant docs list 查看）")
        entries, user_chunks = docs.plan_remove(name)
        report = self.index.ingest(self.corpus_chunks() + self._everyone_docs(but=actor) + user_chunks,
                                   progress=False)
        docs.commit(entries, user_chunks)
        return report

    def retriever(self, mode: str = "hybrid", owner: str | None = "") -> Retriever:
        """Search over the corpus and `owner`'s own documents ("" = the local user's; None = nobody's)."""
        self.index.ensure_loaded()
        return Retriever(self.index, self.settings.retrieval, mode, owner)

    def search(self, query: str, k: int = 5, level: str | None = None, function: str | None = None) -> list[Hit]:
        return self.retriever().search(query, k=k, level=level, function=function)

    @cached_property
    def chat(self) -> ChatModel | None:
        return make_chat(self.settings.llm)

    @cached_property
    def tutor(self) -> Tutor:
        return self.tutor_for(LOCAL)

    def tutor_for(self, actor: Actor) -> Tutor:
        """The tutor that sees the corpus and this person's own documents (one per person, kept)."""
        tutors = self.__dict__.setdefault("_tutors", {})
        if actor.name not in tutors:
            tutors[actor.name] = self._make_tutor(actor.name)
        return tutors[actor.name]

    def _make_tutor(self, owner: str) -> Tutor:
        functions = [f.name for lv in self.standard.levels for f in lv.functions]
        return Tutor(self.retriever(owner=owner), self.tokenizer, Guard(PROMPTS_DIR / "guard.yaml"), self.chat,
                     PROMPTS_DIR, self.settings.tutor, self._facts,
                     IntentReader(PROMPTS_DIR / "intents.yaml", functions), *self._by_meaning, self.canon.figures)

    @cached_property
    def _facts(self) -> StandardFacts:
        """Direct answers from the standard, the canonical formulas and the notes' points tables (one, shared)."""
        return StandardFacts(self.standard, self.canon.formulas, score_tables(self._reference_notes))

    @cached_property
    def _by_meaning(self) -> tuple[ScopeClassifier | None, Pitfalls | None]:
        """What every tutor matches by meaning: the scope vote's examples and the notes' 常见误区."""
        return (ScopeClassifier.for_embedder(self.embedder, PROMPTS_DIR / "scope.yaml", self.standard.skills(),
                                             self.settings.cache_dir),
                Pitfalls.from_notes(self._reference_notes, self.embedder, self.settings.cache_dir))

    def ask(self, question: str, history: list[str] | None = None, level: str | None = None,
            actor: Actor = LOCAL) -> TutorAnswer:
        return self.tutor_for(actor).answer(question, history, level)

    def ask_stream(self, question: str, history: list[str] | None = None, level: str | None = None,
                   actor: Actor = LOCAL):
        """Text chunks as they are ready, then the final TutorAnswer."""
        return self.tutor_for(actor).stream(question, history, level)

    def passage(self, hit: dict, answer: str, query: str) -> list[tuple[str, str | None]]:
        """A cited passage with the sentences the answer used marked (for the tutor's side panel)."""
        return highlight(self.tokenizer, hit["text"], answer, query)

    @cached_property
    def defenses(self) -> Defenses:
        """The one defense service (start … report), shared by the CLI and the web app."""
        return Defenses(lambda: self.panel, self.settings.defense.dossier_weight, accounts=lambda: self.accounts)

    @cached_property
    def reviews(self) -> Reviews:
        """The examiners' workbench: assigned candidates' records, their own marks, agreement."""
        return Reviews(self.store, self.accounts, lambda sid, actor: self.defenses.record(sid, actor))

    def transcribe_answer(self, path: Path, budget_s: float | None = None, question: str = "",
                          context: str = "") -> dict:
        """A spoken answer: simplified text (terms put right, raw transcript kept), duration, delivery lines."""
        from .speech import delivery_metrics

        tr = self.transcribe(path, question, context)
        metrics = delivery_metrics(tr, budget_s)
        return {"text": tr.text, "raw_text": tr.raw_text or tr.text, "corrections": tr.corrections,
                "duration_s": round(tr.duration, 1), "feedback": metrics.feedback()}

    @cached_property
    def transcriber(self) -> Transcriber:
        t = self.build_transcriber(self.settings.asr)
        if t is None:
            raise AssistantError("语音识别已关闭（设置 asr: none）。")
        return t

    def build_transcriber(self, mode: str, models_dir: Path | None = None) -> Transcriber | None:
        """A transcriber with the domain terms in its prompt and the term correction after decoding (terms, then
        sound-alikes of the course material's phrases)."""
        from .speech.lexicon import TermCorrector, near_sound
        from .speech.material import load_material

        terms = self._speech_terms()
        material = load_material(self.settings.corpus_dir, self.settings.cache_dir, near_sound) if mode == "whisper" else None
        corrector = TermCorrector(terms, [*ACRONYMS, *(t for t in self.lexicon if t.isascii())], material)
        return make_transcriber(mode, models_dir or self.settings.data_dir / "models", corrector, terms)

    def _speech_terms(self) -> list[str]:
        return speech_terms(self.tokenizer, self.bank, self._reference_notes, self.lexicon)

    def transcribe(self, path: Path, hint: str = "", context: str = "") -> Transcript:
        return self.transcriber.transcribe(path, hint, context)

    def eval_asr(self, manifest: Path) -> dict:
        return eval_asr(self.transcribe, manifest)

    @cached_property
    def bank(self) -> list[BankQuestion]:
        """The defense question bank, read once for the panel, drafting and the scorer's facts."""
        return load_bank(self.settings.corpus_dir / "questions")

    @cached_property
    def _reference_notes(self) -> list[Note]:
        return load_notes(self.settings.corpus_dir / "reference")

    @cached_property
    def facts(self) -> FactBook:
        """Known misconceptions: the bank's per question, the notes' 常见误区 for other rubrics."""
        book = FactBook()
        for q in self.bank:
            study = next((c for c in q.covers if c.startswith("R:")), q.locator)
            book.add_question(q.question, [p.point for p in q.rubric], q.misconceptions, study)
            book.documents.append(content_tokens(self.tokenizer, q.question + "".join(p.point for p in q.rubric)))
        for note in self._reference_notes:
            book.add_note(note.slug, (note.title, *note.keywords), note.body)
        book.canon = self.canon
        return book

    @cached_property
    def canon(self) -> CanonBook:  # the tutor needs only this, not the bank's 4 500 compiled patterns
        return CanonBook.load(self.settings.corpus_dir / "facts")

    @cached_property
    def lexicon(self) -> list[str]:
        """Credit-management terms: the tokenizer's word list and the notes' keywords."""
        lines = (self.settings.corpus_dir / "terms.txt").read_text(encoding="utf-8").split("\n")
        words = [line.split()[0] for line in lines if line.strip()]
        return list(dict.fromkeys(words + [k for note in self._reference_notes for k in note.keywords]))

    @cached_property
    def scorer(self) -> Scorer:
        return Scorer(self.embedder, self.tokenizer, chat=self.chat, prompts_dir=PROMPTS_DIR, facts=self.facts,
                      sounds=SoundLexicon(self.lexicon), rivals=self.rivals)

    @cached_property
    def rivals(self) -> Rivals:  # the bank's questions: an answer that another one fits better is off-topic
        questions = [(q.question, [p.point for p in q.rubric]) for q in self.bank]
        return Rivals(self.tokenizer, questions, self.settings.cache_dir)

    def score(self, question: str, rubric: list[tuple[str, int]], answer: str, spoken: bool = False) -> ScoreCard:
        if not rubric or sum(w for _, w in rubric) <= 0:
            raise AssistantError("评分要点为空或权重之和不为正数。")
        return self.scorer.score(question, rubric, answer, spoken)

    def eval_scoring(self, dataset: Path, split: str | None = None) -> dict:
        rows = [r for r in read_jsonl(dataset) if split is None or r.get("split") == split]
        return eval_scoring(self.score, rows, self.scorer.prepare)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings.data_dir / "assistant.sqlite3", self.settings.database_url)

    @cached_property
    def accounts(self) -> Accounts:
        return Accounts(self.store)

    def actor(self, username: str | None) -> Actor:
        """Who a web request acts for: the local user unless accounts are on, then the logged-in account."""
        if not self.multi_user:
            return LOCAL
        if not username:
            raise AssistantError("请先登录。")
        return self.accounts.actor(username)

    @cached_property
    def panel(self) -> Panel:
        phrase = llm_phraser(self.chat, PROMPTS_DIR) if self.chat else None
        # The panel is shared by everyone: it never draws on anyone's own documents.
        return Panel(self.standard, self.bank, self.retriever(owner=None), self.tokenizer, self.store, self.scorer.score, phrase,
                     self.scorer.prepare)

    def report(self, sid: str, fmt: str = "md", actor: Actor = LOCAL, action: str = "read") -> str:
        return self.defenses.report(sid, fmt, actor, action)

    @cached_property
    def drafting(self) -> Drafting:
        return Drafting(self.standard, self.bank)

    def check_dossier(self, path: Path) -> int:
        """Read an uploaded dossier now (type, size, text) so a bad file is reported before the defense."""
        from .panel.dossier import extract_claims, read_dossier

        return len(extract_claims(read_dossier(path)))

    def user_dir(self, actor: Actor) -> Path:
        """Files a person owns (reports, exports): data/ for the local user, data/users/<name>/ otherwise."""
        return self.settings.data_dir if not actor.name else self.settings.data_dir / "users" / actor.name

    def save_report(self, sid: str, actor: Actor = LOCAL) -> list[Path]:
        """Write the session's report as HTML and Markdown under the reader's own folder; returns both paths."""
        out = self.user_dir(actor) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for fmt, ext in (("html", "html"), ("md", "md")):
            path = out / f"答辩报告-{sid}.{ext}"
            path.write_text(self.report(sid, fmt, actor, "export"), encoding="utf-8")
            paths.append(path)
        return paths

    def quiz_question(self, level: str, seed: int | None = None) -> QuizQuestion:
        return draw_question(self.standard, resolve_level(level) or "二级/技师", seed)

    def quiz_grade(self, question: QuizQuestion, reply: str, actor: Actor = LOCAL) -> QuizResult:
        notes = [c for c in self.retriever().index.chunks if c.kind == "note"]
        result = grade(self.score, question, reply, notes)
        function = self.standard.level(question.level).functions[int(question.locator.split("/")[1].split(".")[0]) - 1]
        self.store.add_quiz(question.level, question.locator, function.name, result.score, actor.name)
        return result

    def history(self, actor: Actor = LOCAL) -> dict:
        """The actor's own finished sessions (totals, parts, function marks, formal or practice), quizzes."""
        return {"sessions": self.defenses.finished(actor), "quizzes": self.store.quizzes(actor.name)}

    def eval_tutor(self, dataset: Path) -> dict:
        return eval_tutor(lambda q, history: self.tutor.answer(q, history), read_jsonl(dataset))

    def eval_retrieval(self, dataset: Path, mode: str = "hybrid", k: int = 5) -> dict:
        if mode not in ("hybrid", "dense", "bm25"):
            raise AssistantError(f"未知检索模式：{mode}（可选 hybrid、dense、bm25）")
        retriever = self.retriever(mode)
        return eval_retrieval(lambda q, n: retriever.search(q, k=n), read_jsonl(dataset), k=k)
