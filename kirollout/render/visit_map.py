"""The Besuchshistorie map: each district coloured by the year of its last documented visit by
a member of the state government, grey and hatched where none is documented.

Drawn server-side with matplotlib (as the briefing's locator map), so it needs no tiles and
looks the same on screen, in a presentation and in print.
"""
from __future__ import annotations

from ..model.geodata import AACHEN_CITY
from . import palette
from .i18n import t
from .visits import VisitSummary


def year_class_label(year: int, lang: str = "de") -> str:
    """"bis 2016" / "2019" / "ab 2023" for the legend."""
    first, last = palette.VISIT_YEARS[0], palette.VISIT_YEARS[-1]
    if year <= first:
        return t("visits_map_until", lang, year=first)
    if year >= last:
        return t("visits_map_from", lang, year=last)
    return str(year)


def visit_map_png(rings, summaries: list[VisitSummary], lang: str = "de", *, dpi: int = 110) -> bytes:
    """All 54 districts by the year class of their last dated visit, with a legend."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from .briefing import _png

    year = {s.ags: palette.visit_year_class(s.last_period.start.year) for s in summaries if s.last_period}
    fig = Figure(figsize=(6.4, 5.6))
    ax = fig.add_axes((0, 0.16, 1, 0.84))
    ax.set_axis_off()
    for a, rs in rings:  # rings put the Stadt Aachen last, above the StädteRegion
        y = year.get(a)
        ax.add_collection(PolyCollection(
            rs, facecolors=palette.VISIT_YEAR_COLORS[y] if y else palette.NO_VISIT, edgecolors=palette.OUTLINE,
            linewidths=0.4, hatch=None if y else "...", zorder=3 if a == AACHEN_CITY else 2))
    xs = [x for _, rs in rings for r in rs for x, _ in r]
    ys = [y for _, rs in rings for r in rs for _, y in r]
    ax.set_xlim(min(xs) - 0.02, max(xs) + 0.02)
    ax.set_ylim(min(ys) - 0.02, max(ys) + 0.02)
    ax.set_aspect("equal")
    present = sorted(set(year.values()))
    handles = [Patch(facecolor=palette.VISIT_YEAR_COLORS[y], edgecolor=palette.OUTLINE, linewidth=0.4,
                     label=year_class_label(y, lang)) for y in present]
    handles.append(Patch(facecolor=palette.NO_VISIT, edgecolor=palette.OUTLINE, hatch="...", linewidth=0.4,
                         label=t("visits_none", lang)))
    fig.legend(handles=handles, loc="lower center", ncol=min(5, len(handles)), fontsize=9, frameon=False,
               title=t("col_last_visit", lang), title_fontsize=9)
    return _png(fig, dpi)
