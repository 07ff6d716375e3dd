"""Checks on a user-supplied file that need no parsing: type, existence, size (Chinese messages)."""

from __future__ import annotations

from pathlib import Path


def check_input_file(path: Path, supported: tuple[str, ...], max_bytes: int, error: type[Exception],
                     kind: str = "文件") -> None:
    """Raise `error` naming the file when it has the wrong type, is missing, empty or too large."""
    if path.suffix.lower() not in supported:
        raise error(f"{path.name}：不支持的{kind}类型（支持 {'、'.join(supported)}）")
    if not path.is_file():
        raise error(f"{path.name}：文件不存在")
    size = path.stat().st_size
    if size == 0:
        raise error(f"{path.name}：{kind}为空（0 字节）")
    if size > max_bytes:
        raise error(f"{path.name}：{kind}过大（{size / 1e6:.0f} MB，上限 {max_bytes // 2**20} MB）")
