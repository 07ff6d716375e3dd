"""Prompt templates are data (prompts/*.yaml), rendered strictly: a missing variable is an error."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

import yaml


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"提示词模板缺少变量：{key}")


@lru_cache(maxsize=32)
def load_prompt(directory: str, name: str) -> dict[str, str]:
    path = Path(directory) / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"提示词文件格式错误：{path}")
    return data


def render(template: str, **values: object) -> str:
    """str.format_map that refuses unknown or missing fields."""
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    extra = set(values) - fields
    if extra:
        raise KeyError(f"提示词模板没有这些变量：{sorted(extra)}")
    return template.format_map(_Strict(values))
