"""How the canonical facts (corpus/facts) judge real answers, without the scorer: for each kind of answer
in the calibration set's fit split, the share with a canonical fact stated wrongly, and each flag with its
sentence; plus the bank misconceptions' `fine` example sentences (correct statements on every topic) as a
false-flag check.

Usage: python evals/check_canon.py [--split fit] [--show wrong|fine|all]
The check split is there to be measured once by `assistant eval scoring`, not browsed here; `--split check`
is refused unless --i-know is given.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.scoring.canon import CanonBook  # noqa: E402
from assistant.scoring.units import matching_form  # noqa: E402

FINE = {"excellent", "good", "partial", "thin", "asr"}
_SENT = re.compile(r"[^。！？!?；;\n]+")


def flags(book: CanonBook, text: str) -> list[tuple[str, str]]:
    out = []
    for sentence in _SENT.findall(text):
        out += [(f.id, sentence.strip()) for f, _ in book.contradicted(matching_form(sentence))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="fit")
    ap.add_argument("--show", default="wrong")
    ap.add_argument("--i-know", action="store_true")
    args = ap.parse_args()
    if args.split != "fit" and not args.i_know:
        raise SystemExit("check 部分只用于最终测量。")
    book = CanonBook.load(ROOT / "corpus" / "facts")
    lines = (ROOT / "evals/calibration/key.jsonl").read_text(encoding="utf-8").splitlines()
    key = {json.loads(x)["aid"]: json.loads(x) for x in lines if x.strip()}
    seen, hit = Counter(), Counter()
    for line in (ROOT / "evals/datasets/scoring_calib.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != args.split:
            continue
        for a in row["answers"]:
            kind = "asr" if a["aid"].endswith("-asr") else key[a["aid"]]["class"]
            got = flags(book, a["text"])
            seen[kind] += 1
            hit[kind] += bool(got)
            if got and (args.show == "all" or (args.show == "fine") == (kind in FINE)):
                print(f"[{kind}] {row['id']}: {got}")
    for kind in sorted(seen):
        print(f"{kind:10s} {hit[kind]:3d}/{seen[kind]}")
    fine = [s for f in glob.glob(str(ROOT / "corpus/questions/*.yaml"))
            for q in yaml.safe_load(Path(f).read_text(encoding="utf-8"))
            for m in q.get("misconceptions") or () for s in (m.get("examples") or {}).get("fine") or ()]
    bad = [(s, flags(book, s)) for s in fine if flags(book, s)]
    print(f"bank fine examples flagged: {len(bad)}/{len(fine)}")
    for _s, got in bad[:40]:
        print("  ", got)


if __name__ == "__main__":
    main()
