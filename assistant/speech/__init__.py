"""Delivery metrics from ASR timestamps: pace, long pauses, hesitations, time over budget.

Feedback states observable facts only (durations, counts, rates), never guesses about feelings.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..providers.asr import Transcript
from ..spoken import count_fillers

LONG_PAUSE_S = 2.0
PACE_RANGE = (180, 300)  # characters per minute in which feedback calls the pace ordinary


@dataclass
class Delivery:
    duration_s: float
    speech_s: float  # from the first to the last word
    chars: int
    chars_per_minute: float
    long_pauses: list[dict] = field(default_factory=list)  # {"at_s", "length_s"}
    hesitations: int = 0
    over_budget_s: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)

    def feedback(self) -> list[str]:
        lines = [f"时长 {self.duration_s:.0f} 秒，识别出 {self.chars} 个字，语速约 {self.chars_per_minute:.0f} 字/分钟"
                 + ("（偏慢）" if self.chars and self.chars_per_minute < PACE_RANGE[0] else
                    "（偏快）" if self.chars_per_minute > PACE_RANGE[1] else "") + "。"]
        if self.long_pauses:
            where = "、".join(f"{p['at_s']:.0f} 秒处 {p['length_s']:.1f} 秒" for p in self.long_pauses[:5])
            lines.append(f"有 {len(self.long_pauses)} 次 2 秒以上的停顿：{where}。")
        else:
            lines.append("没有 2 秒以上的停顿。")
        if self.hesitations:
            lines.append(f"识别到 {self.hesitations} 处语气词（嗯、呃、那个等）。")
        if self.over_budget_s > 0:
            lines.append(f"超出本题建议时间 {self.over_budget_s:.0f} 秒。")
        return lines


def delivery_metrics(tr: Transcript, budget_s: float | None = None) -> Delivery:
    marks = tr.words or tr.segments
    chars = len(re.sub(r"[\s\W]", "", tr.text))
    speech = (marks[-1].end - marks[0].start) if marks else 0.0
    pauses = []
    edges = [0.0] + [x for m in marks for x in (m.start, m.end)] + [tr.duration]
    for i in range(1, len(edges) - 1, 2):
        gap = edges[i] - edges[i - 1]
        if gap >= LONG_PAUSE_S and i > 1:  # silence before the first word is not a pause in the answer
            pauses.append({"at_s": round(edges[i - 1], 1), "length_s": round(gap, 1)})
    cpm = chars / speech * 60 if speech > 0 else 0.0
    over = max(0.0, tr.duration - budget_s) if budget_s else 0.0
    return Delivery(round(tr.duration, 1), round(speech, 1), chars, round(cpm, 1), pauses,
                    count_fillers(tr.text), round(over, 1))
