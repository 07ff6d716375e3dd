"""Small dataclasses shared across layers."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with where it comes from."""

    id: str  # content hash: unchanged content keeps its id and is never re-embedded
    locator: str  # canonical locator (DESIGN.md §4)
    title: str  # human path, e.g. "二级/技师 › 授信审批 › 3.3 评估客户信用风险"
    text: str
    covers: tuple[str, ...] = ()  # standard locators a note or question teaches
    levels: tuple[str, ...] = ()  # level names this chunk belongs to; () = all levels
    function: str = ""  # 职业功能 name for chapter-3 chunks
    kind: str = "standard"  # standard | note | user
    views: tuple[str, ...] = ()  # extra short texts embedded for dense search (one per item/row)
    owner: str = ""  # whose document (kind "user"): "" = the local user; shared corpus chunks have none

    def to_json(self) -> dict:
        return asdict(self)

    def dense_texts(self) -> list[str]:
        """What gets embedded: the whole passage with its title, then each short view."""
        return [f"{self.title}\n{self.text}", *self.views]

    @classmethod
    def from_json(cls, data: dict) -> Chunk:
        data = dict(data)
        data["covers"] = tuple(data.get("covers", ()))
        data["levels"] = tuple(data.get("levels", ()))
        data["views"] = tuple(data.get("views", ()))
        return cls(**data)


@dataclass(frozen=True)
class Hit:
    rank: int
    score: float
    chunk: Chunk

    def to_json(self) -> dict:
        c = self.chunk
        return {"rank": self.rank, "score": round(self.score, 6), "locator": c.locator,
                "covers": list(c.covers), "title": c.title, "text": c.text}
