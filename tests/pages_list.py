"""The pages of the dashboard, in ONE place for the cross-page tests (hostile input, load, fuzz).

The list is read from `dashboard.py` itself: every `st.Page("pages/x.py", ..., url_path="x")`
in the `st.navigation([...])` call is found by parsing the file (no import, no Streamlit).
A new page therefore joins the hostile-input, query-fuzz and load tests as soon as it is
registered in dashboard.py. If a page is registered in a way the parser cannot see (a
computed path or url_path), add it to EXTRA_PAGES below — that is the only other place.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (script path relative to the repo, url_path) for pages dashboard.py registers dynamically.
EXTRA_PAGES: list[tuple[str, str]] = []


@dataclass(frozen=True)
class PageRef:
    script: str      # e.g. "pages/karte.py"
    url_path: str    # e.g. "karte"
    default: bool    # the page served at "/"

    @property
    def path(self) -> str:
        """What follows the host in the address bar: "" for the default page (Streamlit serves
        it at "/" only; "/<url_path>" of the default page falls back with a console error)."""
        return "" if self.default else self.url_path

    @property
    def has_map(self) -> bool:
        """Whether the page draws the folium map (streamlit-folium)."""
        p = ROOT / self.script
        return p.exists() and "st_folium" in p.read_text(encoding="utf-8")

    @property
    def reads_query_params(self) -> bool:
        """Whether the page's own code reads st.query_params (then bad values need a notice)."""
        p = ROOT / self.script
        return p.exists() and "query_params" in p.read_text(encoding="utf-8")


def _const(node) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def discover(dashboard: Path | None = None) -> list[PageRef]:
    """All pages registered with st.Page in dashboard.py (plus EXTRA_PAGES), in order."""
    tree = ast.parse((dashboard or ROOT / "dashboard.py").read_text(encoding="utf-8"))
    out: list[PageRef] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Page"):
            continue
        script = _const(node.args[0]) if node.args else None
        kw = {k.arg: _const(k.value) for k in node.keywords}
        script = script or kw.get("page")
        if not isinstance(script, str):
            continue
        url_path = kw.get("url_path") or Path(script).stem
        out.append(PageRef(script, str(url_path), bool(kw.get("default"))))
    out.sort(key=lambda p: (p.script, p.url_path))
    seen = {p.url_path for p in out}
    out += [PageRef(s, u, False) for s, u in EXTRA_PAGES if u not in seen]
    return out


def page_for_url(url: str) -> PageRef | None:
    """The registered page an address shows ("/" = the default page)."""
    from urllib.parse import urlparse

    path = urlparse(url).path.strip("/")
    for p in PAGES:
        if p.path == path or p.url_path == path:
            return p
    return None


PAGES: list[PageRef] = discover()
URL_PATHS: list[str] = [p.path for p in PAGES]
