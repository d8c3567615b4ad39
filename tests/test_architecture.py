"""The house's architecture, checked: facts are computed in logic modules that never import
formatting, and no module of the package imports itself in a circle."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "kirollout"
# Where facts are computed: data in, data out; no words, no HTML, no Streamlit.
LOGIC = {"dates", "records", "rollout", "deductions", "facts", "edition", "funding", "stop_table", "store",
         "paths", "geodata", "publication", "gaps"}
# Where words and markup are made: a logic module must not import these.
FORMATTING = {"i18n", "wording", "details", "briefing", "charts", "maps", "map_exports", "site", "embed", "exports",
              "newsroom", "video", "trip", "trip_docx", "trip_agenda", "contacts", "quality", "present", "svg_map",
              "visit_map", "visits", "funding_text", "app", "palette", "share", "trip_plan", "markup",
              "besuchsmappe", "playback", "gap_text"}


def _imports(module: str) -> set[str]:
    """The package modules `module` imports (top level or inside functions)."""
    tree = ast.parse((PKG / f"{module}.py").read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                out.add(node.module.split(".")[0])
            elif node.level == 1:
                out |= {a.name for a in node.names}
            elif node.module and node.module.startswith("kirollout."):
                out.add(node.module.split(".")[1])
            elif node.module == "kirollout":
                out |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("kirollout.")}
        if isinstance(node, ast.Import | ast.ImportFrom) and any(a.name == "streamlit" or (
                getattr(node, "module", None) or "").startswith("streamlit") for a in node.names):
            out.add("streamlit")
    return {m for m in out if (PKG / f"{m}.py").exists() or m == "streamlit"}


MODULES = sorted(p.stem for p in PKG.glob("*.py") if p.stem != "__init__")


def test_every_module_is_logic_or_formatting():
    assert set(MODULES) <= LOGIC | FORMATTING, set(MODULES) - LOGIC - FORMATTING


def test_logic_never_imports_formatting_or_streamlit():
    bad = {m: sorted(_imports(m) & (FORMATTING | {"streamlit"})) for m in sorted(LOGIC) if (PKG / f"{m}.py").exists()}
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
