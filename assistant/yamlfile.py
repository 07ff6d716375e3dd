"""YAML files read with libyaml when PyYAML has it: the question bank's ~10 000 example sentences take
about 5 s to parse in pure Python and a fraction of that in C, and the first tutor answer waits for them."""

from __future__ import annotations

from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same safe subset of YAML either way


def read_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
