"""The house's architecture, checked: facts are computed in kirollout/model, whose modules never
import a renderer (kirollout/render), the app's loaders or Streamlit; every output renders in
kirollout/render; and no module of the package imports itself in a circle."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "kirollout"
MODULES = {f"{p.parent.name}.{p.stem}" if p.parent != PKG else p.stem: p
           for p in PKG.rglob("*.py") if p.stem != "__init__"}


def _resolve(current: str, level: int, module: str | None, names: list[str]) -> set[str]:
    """Package modules an import names, as keys of MODULES ("model.rollout", "render.i18n", "app")."""
    sub = current.split(".")[0] if "." in current else ""
    if level == 0:
        if not module or not module.startswith("kirollout"):
            return set()
        parts = module.split(".")[1:]
    else:
        base = [sub] if (level == 1 and sub) else []
        parts = base + (module.split(".") if module else [])
    out = set()
    key = ".".join(parts)
    if key in MODULES:
        out.add(key)
    for n in names:
        k = ".".join([*parts, n]) if parts else n
        if k in MODULES:
            out.add(k)
    return out


def _imports(name: str) -> set[str]:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if (node.module or "").startswith("streamlit"):
                out.add("streamlit")
            out |= _resolve(name, node.level, node.module, [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("streamlit"):
                    out.add("streamlit")
                out |= _resolve(name, 0, a.name, [])
    return out


def test_the_package_has_a_model_and_a_render_layer():
    subs = {k.split(".")[0] for k in MODULES if "." in k}
    assert subs == {"model", "render"}
    assert {"model.facts", "model.rollout", "model.edition", "render.i18n", "render.details"} <= set(MODULES)


def test_model_never_imports_a_renderer_the_app_or_streamlit():
    bad = {m: sorted(i for i in _imports(m) if not i.startswith("model.")) for m in MODULES if m.startswith("model.")}
    assert not {m: v for m, v in bad.items() if v}


def test_no_import_circle():
    graph = {m: _imports(m) - {"streamlit"} for m in MODULES}

    def reach(start: str) -> set[str]:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo += graph.get(m, ())
        return seen

    circles = sorted(m for m in MODULES if m in reach(m))
    assert not circles, circles
