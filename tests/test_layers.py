"""The package is a house by layers: each subpackage imports only the ones below it, and no module is huge.

model <- load, geo <- view <- map <- export, web <- cli. ``markup`` is a leaf
helper anyone may use. A module importing a layer above its own is a circle
waiting to happen; this test names it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "routemap"
#: What each layer may import, besides itself and routemap.markup.
ALLOWED = {
    "model": set(),
    "geo": {"model"},
    "load": {"model", "geo"},
    "view": {"model", "geo", "load"},
    "map": {"model", "geo", "load", "view"},
    "export": {"model", "geo", "load", "view", "map"},
    "web": {"model", "geo", "load", "view", "map", "export"},
}
#: Modules allowed past about 300 lines, with the reason.
LONG_ALLOWED: dict[str, str] = {}


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("routemap."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "routemap":
            out.update(a.name for a in node.names)
    return out


def test_every_layer_imports_only_layers_below_it():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        layer = _layer(path)
        if layer is None:
            continue  # cli, markup, __init__: the top and a leaf
        for used in _imports(path) - {layer, "markup", "errors"}:
            if used not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports routemap.{used}")
    assert not wrong, wrong


def test_no_module_is_over_about_300_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 340
    }
    assert set(long) <= set(LONG_ALLOWED), long
