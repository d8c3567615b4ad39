"""All colours and map styles in one place, so map, legend, charts and PDF agree.

Opening years use viridis (sequential, colour-blind safe, readable in greyscale). States that
are not "open" differ by outline pattern too, not by colour alone.
"""
from __future__ import annotations

OPENING_YEARS = tuple(range(2012, 2019))
# viridis, 7 steps (matplotlib.cm.viridis at 0, 1/6, … 1), dark → light
_VIRIDIS_7 = ("#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725")
YEAR_COLORS: dict[int, str] = dict(zip(OPENING_YEARS, _VIRIDIS_7))

NOT_YET = "#f0f0f0"
OPEN_UNDATED = "#7a7a7a"  # working (documented), but the opening year is not documented
UNDOCUMENTED = "#b0b0b0"
COUNTED = "#8f8f8f"  # exists by the state's count, start not documented (not proof of work)
# print map and video: outline pattern → hatch (dashed = uncertain, dotted = undocumented,
# dash-dot = existing by the state's count)
HATCH_BY_DASH = {"6 4": "////", "1 4": "...", "10 3 2 3": "\\\\"}
# the outline pattern each non-open state has in the HTML legend (the map uses dashArray)
LEGEND_BORDER = {"uncertain": "dashed", "undocumented": "dotted", "counted": "double"}
OUTLINE = "#4a4a4a"
SELECTED_OUTLINE = "#d62728"

# program colours (Okabe–Ito, colour-blind safe)
PROGRAM_COLORS = {
    "integration_staff": "#0072B2",
    "school_teachers": "#E69F00",
    "komm_an": "#009E73",
    "state_total": "#CC79A7",
    "kim": "#D55E00",
    "other": "#999999",
}


# last documented visit per district (Besuchshistorie map): YlGnBu, old light → recent dark;
# "none documented" is grey and hatched, so it differs by pattern, not colour alone
VISIT_YEARS = tuple(range(2016, 2024))  # ≤2016 … ≥2023
VISIT_YEAR_COLORS: dict[int, str] = dict(zip(VISIT_YEARS, ("#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0",
                                                          "#225ea8", "#253494", "#081d58")))
NO_VISIT = UNDOCUMENTED


def visit_year_class(year: int) -> int:
    """The class a visit year falls into (years beyond the ends clamp to them)."""
    return min(max(year, VISIT_YEARS[0]), VISIT_YEARS[-1])


def year_color(year: int) -> str:
    """Colour of an opening year; years outside the rollout clamp to the ends."""
    y = min(max(year, OPENING_YEARS[0]), OPENING_YEARS[-1])
    return YEAR_COLORS[y]


def style_for(state: str, year: int | None, selected: bool = False) -> dict:
    """Leaflet path style for one district in one state."""
    base = {"color": OUTLINE, "weight": 1, "opacity": 1, "fillOpacity": 0.85}
    if state == "open" and year is None:
        style = {**base, "fillColor": OPEN_UNDATED}
    elif state == "open":
        style = {**base, "fillColor": year_color(year)}
    elif state == "uncertain":
        style = {**base, "fillColor": year_color(year or OPENING_YEARS[0]), "fillOpacity": 0.35,
                 "weight": 2.5, "dashArray": "6 4", "color": "#000000"}
    elif state == "counted":
        style = {**base, "fillColor": COUNTED, "fillOpacity": 0.75, "weight": 2.5, "dashArray": "10 3 2 3"}
    elif state == "not_yet":
        style = {**base, "fillColor": NOT_YET, "fillOpacity": 0.9}
    else:  # undocumented
        style = {**base, "fillColor": UNDOCUMENTED, "fillOpacity": 0.6, "dashArray": "1 4", "weight": 2}
    if selected:
        style.update({"color": SELECTED_OUTLINE, "weight": 4, "dashArray": None})
    return style
