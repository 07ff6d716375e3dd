"""Dependency direction (DESIGN.md §2): gradio only under ui/, the CLI framework only in cli*.py."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "assistant"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules():
    return [p for p in PACKAGE.rglob("*.py")]


def test_gradio_only_under_ui():
    offenders = [p for p in _modules() if "gradio" in _imports(p) and "ui" not in p.relative_to(PACKAGE).parts]
    assert not offenders, offenders


def test_cli_framework_only_in_cli():
    offenders = [p for p in _modules() if _imports(p) & {"typer", "click"} and not p.name.startswith("cli")]
    assert not offenders, offenders


def test_lower_layers_do_not_import_app_or_cli():
    lower = [p for p in _modules() if p.parent.name in ("standard", "providers", "ingest")
             or p.name in ("types.py", "locators.py", "index.py", "retrieval.py", "tokenize.py")]
    for p in lower:
        src = p.read_text(encoding="utf-8")
        assert "from ..app" not in src and "from .app" not in src and "from .cli" not in src, p


def test_files_stay_small():
    big = [(p.name, n) for p in _modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not big, big
