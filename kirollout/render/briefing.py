"""The district briefing: an A4 page (PDF; a second when the lists need it) with the facts about one
center, and the same facts as plain data for the profile page.

Facts come from `details.center_detail` (one source of truth for the detail panel and the
briefing). Images (locator map, funding chart) are rendered server-side with matplotlib's Agg
backend; the PDF uses fpdf2 with DejaVu Sans (Debian's fonts-dejavu-core, or the copy that
matplotlib ships) so umlauts and ß render.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..model.edition import edition_of
from ..model.facts import CenterFacts, Money, facts_for
from ..model.geodata import AACHEN_CITY, STAEDTEREGION
from ..model.records import Records
from ..model.rollout import Opening
from . import details, palette
from .details import CenterDetail, SourceLine, merge_sources, render_detail, source_line
from .exports import public_text
from .i18n import (
    T,
    credit_line,
    edition_line,
    format_day,
    format_eur,
    format_number,
    format_partial_date,
    inferred_text,
    t,
)

SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FAMILY = "DejaVu"
POPULATION_DATE = "2022-05-15"


# ---------------------------------------------------------------- fonts

def _matplotlib_font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_paths(dirs: list[Path] | None = None) -> tuple[Path, Path]:
    """(regular, bold) DejaVu Sans: Debian's system font first, matplotlib's bundled copy second."""
    for d in dirs or [SYSTEM_FONT_DIR, _matplotlib_font_dir()]:
        reg, bold = Path(d) / "DejaVuSans.ttf", Path(d) / "DejaVuSans-Bold.ttf"
        if reg.exists() and bold.exists():
            return reg, bold
    raise FileNotFoundError("DejaVuSans.ttf not found (install fonts-dejavu-core)")


# Characters the subset font keeps: Latin (incl. ß, umlauts, ğ, ł …), combining marks, Greek,
# Cyrillic, punctuation (– … • ·), currency (€), arrows and a few symbols. Parsing the full
# DejaVu Sans takes ~10x longer per PDF than this subset; texts with other characters fall back
# to the full font.
SUBSET_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x370, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F),
                 (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x25A0, 0x25FF))
SUBSET_CHARS = frozenset(c for a, b in SUBSET_RANGES for c in range(a, b + 1)) | {0x0A, 0x0D, 0x09}


def subset_font(src: Path) -> Path:
    """A copy of `src` with only SUBSET_RANGES, cached in the temp directory (built once)."""
    import hashlib
    import os
    import tempfile

    from fontTools import subset
    from fontTools.ttLib import TTFont

    st = src.stat()
    key = hashlib.sha256(f"{src}|{st.st_size}|{st.st_mtime_ns}|{SUBSET_RANGES}".encode()).hexdigest()[:16]
    out_dir = Path(tempfile.gettempdir()) / "kirollout-fonts"
    out = out_dir / f"{src.stem}-{key}.ttf"
    if out.exists():
        return out
    out_dir.mkdir(parents=True, exist_ok=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["FFTM"]
    font = TTFont(str(src))
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(SUBSET_CHARS))
    sub.subset(font)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp))
    tmp.replace(out)
    return out


def _texts(obj) -> list[str]:
    """Every string inside a (nested) dataclass / list / dict."""
    import dataclasses

    if isinstance(obj, str):
        return [obj]
    if dataclasses.is_dataclass(obj):
        return [s for f in dataclasses.fields(obj) for s in _texts(getattr(obj, f.name))]
    if isinstance(obj, (list, tuple)):
        return [s for x in obj for s in _texts(x)]
    if isinstance(obj, dict):
        return [s for x in obj.values() for s in _texts(x)]
    return []


def pdf_fonts(texts: list[str]) -> tuple[Path, Path]:
    """(regular, bold) for the PDF: the fast subset when it covers every character, else full."""
    reg, bold = font_paths()
    if all(ord(ch) in SUBSET_CHARS for s in texts for ch in s):
        try:
            return subset_font(reg), subset_font(bold)
        except OSError:  # temp directory not writable: the full font works, only slower
            pass
    return reg, bold


# ---------------------------------------------------------------- facts

@dataclass
class FundingLine:
    """One amount: sourced (from funding.csv) or modelled (a standard rate per year)."""

    year: str
    program: str
    label: str
    amount: float
    approximate: bool
    source_id: str
    modelled: bool


@dataclass
class Briefing:
    """Everything the profile page and the PDF show for one center."""

    detail: CenterDetail
    lang: str
    today: date
    state_today: str
    year: int | None
    population: str
    funding: list[FundingLine]
    modelled: list[FundingLine]
    modelled_note: str
    data_date: str
    attribution: str
    population_attribution: str
    extra: dict = field(default_factory=dict)
    source_index: dict[str, SourceLine] = field(default_factory=dict)  # every source the page may cite

    @property
    def sources(self) -> list[SourceLine]:
        """The page's source list: exactly the sources its texts cite (facts, also rows a caller
        added, funding, events), in order of first citation, once per document."""
        ids = [i for s in page_texts(self) for keys in _KEYS.findall(s) for i in keys.replace(",", " ").split()]
        return merge_sources([self.source_index[i] for i in dict.fromkeys(ids) if i in self.source_index])

    @property
    def fill_color(self) -> str:
        """The district's colour on the map: its opening year, or grey when undocumented."""
        return palette.year_color(self.year) if self.year else palette.UNDOCUMENTED


def funding_line(m: Money, lang: str = "de") -> FundingLine:
    """One amount of the fact model (sourced or modelled) in the chosen language."""
    return FundingLine(m.year, m.program, m.label(lang), m.amount, m.approximate, m.source_id, m.modelled)


def modelled_funding(f: CenterFacts, at: date, lang: str = "de") -> list[FundingLine]:
    """The standard rates per year valid on `at` for this centre's kind of district, if it works
    then (CenterFacts.modelled_on): a model, never a documented payment."""
    return [funding_line(m, lang) for m in f.modelled_on(at)]


def sourced_funding(f: CenterFacts, lang: str = "de") -> list[FundingLine]:
    """Amounts from funding.csv for this center (sourced only), oldest year first."""
    return [funding_line(m, lang) for m in f.funding]


def population_text(population: pd.DataFrame | None, ags: str, lang: str = "de") -> str:
    """Population with its reference date, or "nicht belegt"."""
    if population is None:
        return t("not_documented", lang)
    row = population[population["ags"] == ags]
    if not len(row) or pd.isna(row.iloc[0]["population"]):
        return t("not_documented", lang)
    r = row.iloc[0]
    return t("briefing_population_value", lang, n=format_number(int(r["population"]), lang),
             date=format_partial_date(str(r["reference_date"]), "day", lang))


def briefing_data(records: Records, ops: dict[str, Opening], center_id: str, *, meta: dict,
                  population: pd.DataFrame | None, lang: str = "de", today: date | None = None) -> Briefing:
    """Collect the briefing's facts for one center (plain strings; callers escape for HTML)."""
    today = today or date.today()
    f = facts_for(records, ops)[center_id]
    d = render_detail(f, records, lang)
    op = f.opening
    st_today = f.state_at(today)
    modelled = modelled_funding(f, today, lang)
    note = t("briefing_modelled_note" if st_today == "open" else "briefing_modelled_none", lang,
             date=format_day(today, lang, "short"))
    ed = edition_of(records, meta)
    funding = sourced_funding(f, lang)
    return Briefing(
        detail=d, lang=lang, today=today, state_today=st_today,
        year=op.period.start.year if op.period else None,
        population=population_text(population, d.ags, lang),
        funding=funding, modelled=modelled, modelled_note=note,
        data_date=edition_line(ed, lang),
        attribution=credit_line(ed, lang),
        population_attribution=t("credit_population", lang),
        source_index={sid: source_line(records, sid, lang) for sid in dict.fromkeys(
            [*f.source_ids, *(r.source_id for r in f.rates), *(m.source_id for m in funding + modelled)]) if sid},
    )


def opening_text(b: Briefing) -> str:
    """Opening as displayed, with its precision spelled out: "Februar 2013 (nur Monat belegt)"."""
    d = b.detail
    if not d.opening_precision:
        return d.opening
    return f"{d.opening} ({t('precision_' + d.opening_precision, b.lang)})"


def _cited(text: str, source_id: str | None) -> str:
    return f"{text} [{source_id}]" if source_id else text


def fact_rows(b: Briefing) -> list[tuple[str, str]]:
    """The key facts of one center as (label, value) rows, each sourced fact with its [source id].

    One list for the Kreisprofil page and the PDF, so both show the same facts in the same order.
    """
    d, lang = b.detail, b.lang
    nd = t("not_documented", lang)
    rows = [
        *b.extra.get("rows", []),  # set by callers with context, e.g. the trip pack (kirollout/render/trip.py)
        (t("briefing_host", lang), _cited(d.host_office, d.host_office_source_id)),
        (t("briefing_address", lang), _cited(d.address, d.address_source_id)),
        (t("detail_predecessor", lang), "; ".join(_cited(p.label, p.source_id) for p in d.predecessor) or nd),
        (t("detail_approval", lang),
         "; ".join(_cited(f"{a.date_text}: {a.label}", a.source_id) for a in d.approval) or nd),
        (t("detail_opening", lang), _cited(opening_text(b), d.opening_source_id)
         + (f" – {inferred_text(d.opening_inferred_from, lang)}" if d.opening_inferred_from else "")),
    ]
    rows += [(t("detail_opening_other", lang), _cited(f"{a.date_text}: {a.label}", a.source_id))
             for a in d.opening_alternatives]
    rows += [(t("detail_bounds", lang), _cited(text, " ".join(ids))) for text, ids in d.bounds]
    rows += [(t("detail_contradictions", lang), _cited(text, " ".join(ids))) for text, ids in d.contradictions]
    rows.append((t("detail_rank", lang), d.rank))
    if d.state_number:
        rows.append((t("detail_state_number", lang), _cited(*d.state_number)))
    rows += [(label, _cited(text, sid)) for label, text, sid in d.contacts]
    rows += [(t("briefing_population", lang), b.population)]
    rows += [(t("detail_research", lang), "; ".join(d.research))] if d.research else []
    return rows


def amount_text(line: FundingLine, lang: str = "de") -> str:
    s = format_eur(line.amount, lang)
    if line.approximate:
        s = f"{t('briefing_approx', lang)} {s}"
    if line.modelled:
        s += f" {t('briefing_per_year', lang)}"
    return s


def funding_label(line: FundingLine, lang: str = "de") -> str:
    """One line of text for an amount, with "belegt"/"modelliert" spelled out."""
    kind = t("briefing_funding_modelled" if line.modelled else "briefing_funding_sourced", lang)
    year = "" if line.modelled else (line.year or t("briefing_no_year", lang)) + ": "
    return f"{year}{amount_text(line, lang)} – {line.label} ({kind}) [{line.source_id}]"


event_text = details.event_text  # one line per event, the same in the panel, the PDF and the site

_KEYS = re.compile(r"\[([^\[\]]+)\]")  # citation keys: "[src-1]", "[src-1 src-2]"


def page_texts(b: Briefing) -> list[str]:
    """Every text of the district page above its source list, in page order."""
    return ([v for _, v in fact_rows(b)] + [funding_label(m, b.lang) for m in b.funding + b.modelled]
            + [b.modelled_note] + [event_text(e, b.lang) for e in b.detail.events])


def pdf_file_name(ags: str, kreis_name: str, day: date) -> str:
    """`ki-briefing_<ags>_<kreis>_<date>.pdf`, the name reduced to ASCII letters, digits and -."""
    repl = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    name = "".join(repl.get(ch, ch) for ch in kreis_name)
    name = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "kreis"
    return f"ki-briefing_{ags}_{name}_{day.isoformat()}.pdf"


# ---------------------------------------------------------------- images

@lru_cache(maxsize=4)
def _polygons(geojson_path: str, mtime: float) -> tuple[tuple[str, tuple], ...]:
    """Outer rings per AGS, longitudes scaled for a plain plot (cached per file version)."""
    import geopandas as gpd

    gdf = gpd.read_file(geojson_path, engine="pyogrio")
    return _rings(gdf)


def _rings(gdf) -> tuple[tuple[str, tuple], ...]:
    k = math.cos(math.radians(51.5))
    out = []
    for ags, geom in zip(gdf["ags"].astype(str), gdf.geometry):
        polys = getattr(geom, "geoms", [geom])
        rings = tuple(tuple((x * k, y) for x, y in p.exterior.coords) for p in polys)
        out.append((ags, rings))
    # Stadt Aachen last: it lies inside the StädteRegion and is drawn above it
    out.sort(key=lambda x: x[0] == AACHEN_CITY)
    return tuple(out)


def district_rings(districts) -> tuple[tuple[str, tuple], ...]:
    """Rings for the locator map from a GeoDataFrame or from the built GeoJSON (cached)."""
    if districts is None:
        from ..model.geodata import GEOJSON_NAME
        from ..model.paths import geodata_build_dir

        p = geodata_build_dir() / GEOJSON_NAME
        return _polygons(str(p), p.stat().st_mtime)
    return _rings(districts)


def _png(fig, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def locator_png(rings, ags: str, fill: str, *, dpi: int = 110) -> bytes:
    """A small NRW map: all districts light grey, `ags` filled with `fill` and outlined red."""
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2.4, 2.2))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    others = [r for a, rs in rings for r in rs if a != ags]
    ax.add_collection(PolyCollection(others, facecolors=palette.NOT_YET, edgecolors=palette.OUTLINE,
                                     linewidths=0.3))
    mine = [r for a, rs in rings for r in rs if a == ags]
    ax.add_collection(PolyCollection(mine, facecolors=fill, edgecolors=palette.SELECTED_OUTLINE,
                                     linewidths=1.6, zorder=3))
    if ags == STAEDTEREGION:  # the Stadt Aachen has its own center: keep it visible above
        city = [r for a, rs in rings for r in rs if a == AACHEN_CITY]
        ax.add_collection(PolyCollection(city, facecolors=palette.NOT_YET, edgecolors=palette.OUTLINE,
                                         linewidths=0.3, zorder=4))
    xs = [x for _, rs in rings for r in rs for x, _ in r]
    ys = [y for _, rs in rings for r in rs for _, y in r]
    ax.set_xlim(min(xs) - 0.02, max(xs) + 0.02)
    ax.set_ylim(min(ys) - 0.02, max(ys) + 0.02)
    ax.set_aspect("equal")
    return _png(fig, dpi)


CHART_W_MM = 80   # the funding chart's printed width: its text prints at CHART_PT, not scaled down
CHART_PT = 8.5


def chart_height_mm(n: int) -> float:
    """Printed height of the funding chart for `n` amounts (a title band, then one row each)."""
    return 8 + 11.5 * n


def funding_figure(lines: list[FundingLine], lang: str = "de"):
    """The funding chart as a matplotlib Figure at its printed size (CHART_W_MM wide): one row per
    amount, its label on a line of its own above the bar (no tick labels that could run into each
    other, however many rows), the amount written after the bar; modelled rates hatched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    w, h = CHART_W_MM / 25.4, chart_height_mm(len(lines)) / 25.4
    fig = Figure(figsize=(w, h))
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.add_axes((0.01, 0.01, 0.98, 1 - 0.02 - 8 / 25.4 / h))
    ax.set_axis_off()
    n = len(lines)
    top = max((ln.amount for ln in lines), default=0) or 1
    ax.set_xlim(0, top / 0.62)  # the longest bar takes 62 %: its amount fits after it
    ax.set_ylim(n - 0.45, -0.6)
    right = fig.bbox.x1 - 2
    for i, ln in enumerate(lines):
        color = palette.PROGRAM_COLORS.get(ln.program, palette.PROGRAM_COLORS["other"])
        ax.barh(i + 0.2, ln.amount, height=0.42, color=color, hatch="///" if ln.modelled else None,
                alpha=0.55 if ln.modelled else 1.0, edgecolor=palette.OUTLINE, linewidth=0.5)
        kind = t("briefing_funding_modelled" if ln.modelled else "briefing_funding_sourced", lang)
        when = t("briefing_per_year", lang) if ln.modelled else (ln.year or t("briefing_no_year", lang))
        label = f"{when} ({kind}): {ln.label}"
        txt = ax.text(0, i - 0.3, label, fontsize=CHART_PT, ha="left", va="center")
        while (box := txt.get_window_extent(renderer)).x1 > right and len(label) > 8:  # shorten to fit
            keep = int(len(label) * (right - box.x0) / (box.x1 - box.x0)) - 1  # by the width per character
            label = label[:max(8, min(keep, len(label) - 1))].rstrip()
            txt.set_text(label + "…")
        amount = (f"{t('briefing_approx', lang)} " if ln.approximate else "") + format_eur(ln.amount, lang)
        ax.text(ln.amount + top * 0.02, i + 0.2, amount, fontsize=CHART_PT, ha="left", va="center")
    fig.text(0.01, 1 - 1 / 25.4 / h, t("briefing_chart_title", lang), fontsize=CHART_PT + 0.5,
             fontweight="bold", ha="left", va="top")
    return fig


def funding_png(lines: list[FundingLine], lang: str = "de", *, dpi: int = 150) -> bytes | None:
    """The funding chart (funding_figure) as PNG; None if there is no amount."""
    return _png(funding_figure(lines, lang), dpi) if lines else None


# ---------------------------------------------------------------- PDF

BODY_PT = 9.0  # body text, never smaller: long lists (events, sources) flow onto a further page


def _render(b: Briefing, locator: bytes, chart: bytes | None, fonts: tuple[Path, Path] | None = None):
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    lang, d = b.lang, b.detail
    size = BODY_PT
    reg, bold = fonts or font_paths()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(f"{t('briefing_title', lang)}: {d.name}")
    pdf.set_creator("KI-Rollout NRW")
    pdf.set_margins(14, 12, 14)
    pdf.add_font(FONT_FAMILY, "", str(reg))
    pdf.add_font(FONT_FAMILY, "B", str(bold))
    W = pdf.w - pdf.l_margin - pdf.r_margin
    lh = size * 0.45  # line height in mm
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def lines_of(s: str, w: float, style: str = "") -> int:
        pdf.set_font(FONT_FAMILY, style, size)
        return len(pdf.multi_cell(w, lh, s, dry_run=True, output="LINES"))

    # footer on every page: the Datenstand, when made, the page, the credits
    foot = [f"{b.data_date} · {t('briefing_created', lang)}: {format_day(b.today, lang, 'short')} · "
            + t("briefing_page", lang, n="{n}", total="{nb}"), b.attribution]
    if b.population_attribution:
        foot.append(b.population_attribution)
    flh = size * 0.42
    pdf.add_page()  # (the dry runs below need a page)
    foot_h = flh * sum(lines_of(f, W) for f in foot) + 2

    def footer() -> None:
        pdf.set_y(pdf.h - 8 - foot_h)
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + W, pdf.get_y())
        pdf.ln(2)
        pdf.set_font(FONT_FAMILY, "", size)
        pdf.set_text_color(70, 70, 70)
        for f in foot:
            pdf.multi_cell(0, flh, f.replace("{n}", str(pdf.page_no())), align="L", **nl)
        pdf.set_text_color(0, 0, 0)

    pdf.footer = footer
    pdf.set_auto_page_break(True, margin=8 + foot_h + 3)

    def keep(h: float) -> None:
        """Start a new page unless `h` mm still fit on this one (an item is never split)."""
        if pdf.will_page_break(h):
            pdf.add_page()

    def heading(text: str, first: float) -> None:
        keep(lh * 1.8 + first)  # a heading never stays alone at the foot of a page
        pdf.ln(lh * 0.4)
        pdf.set_font(FONT_FAMILY, "B", size + 1.5)
        pdf.cell(0, lh * 1.2, text, **nl)
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + W, pdf.get_y())
        pdf.ln(lh * 0.2)

    def text(s: str, w: float = 0, style: str = "", link: str = "", indent: float = 0) -> None:
        keep(lh * lines_of(s, (w or W) - indent, style))
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell((w or W) - indent, lh, s, link=link or None, align="L", **nl)

    # header + locator map on the right
    map_w = 48
    top = pdf.get_y()
    pdf.image(io.BytesIO(locator), x=pdf.l_margin + W - map_w, y=top, w=map_w)
    map_bottom = top + map_w * 2.2 / 2.4
    left_w = W - map_w - 4
    pdf.set_font(FONT_FAMILY, "", size)
    pdf.multi_cell(left_w, lh, f"{t('briefing_title', lang)} · {b.data_date}", align="L", **nl)
    pdf.set_font(FONT_FAMILY, "B", size + 6)
    pdf.multi_cell(left_w, (size + 6) * 0.45, d.name, align="L", **nl)
    pdf.set_font(FONT_FAMILY, "", size + 1)
    pdf.multi_cell(left_w, lh * 1.1, f"{d.kreis_name} · {d.kind} · AGS {d.ags}", align="L", **nl)
    pdf.ln(lh * 0.5)
    label_w = 38
    for label, value in fact_rows(b):
        w = (left_w if pdf.get_y() < map_bottom else W) - label_w
        keep(lh * max(lines_of(label, label_w, "B"), lines_of(value, w)))
        y = pdf.get_y()
        pdf.set_font(FONT_FAMILY, "B", size)
        pdf.multi_cell(label_w, lh, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + label_w, y)
        pdf.set_font(FONT_FAMILY, "", size)
        pdf.multi_cell(w, lh, value, align="L", **nl)
        pdf.set_y(max(pdf.get_y(), label_bottom))
    if pdf.page_no() == 1:
        pdf.set_y(max(pdf.get_y(), map_bottom))

    # funding: text left, chart right, kept together
    chart_w = CHART_W_MM if chart else 0
    tw = W - chart_w - (3 if chart else 0)
    money = [funding_label(ln, lang) for ln in b.funding + b.modelled]
    texts = ([] if b.funding else [t("briefing_funding_none", lang)]) + money + [b.modelled_note]
    chart_h = chart_height_mm(len(b.funding) + len(b.modelled)) if chart else 0
    heading(t("briefing_funding", lang), max(lh * sum(lines_of(s, tw) for s in texts), chart_h))
    y0 = pdf.get_y()
    for s in texts:
        text(s, tw)
    if chart:
        pdf.image(io.BytesIO(chart), x=pdf.l_margin + W - chart_w, y=y0, w=chart_w, h=chart_h,
                  alt_text=t("briefing_chart_title", lang))
        pdf.set_y(max(pdf.get_y(), y0 + chart_h))

    # events: every one, each kept whole
    items = ["• " + event_text(e, lang) for e in d.events] or [t("briefing_no_events", lang)]
    heading(t("detail_events", lang), lh * lines_of(items[0], W))
    for s in items:
        text(s)

    # sources with URLs, once per document
    indent = 5  # the URL (or "ohne URL") under its title

    def entry(s: SourceLine) -> list[tuple[str, str]]:
        head = f"{s.cite} {s.title} – {s.publisher}, {s.published}"
        if s.url.startswith(("http://", "https://")):
            return [(head, ""), (s.url, s.url)]
        where = t("internal_source", lang, ref=s.internal) if s.internal else t("no_url", lang)
        note = public_text(s.note) if s.note and not s.internal else ""  # a copy's internal path is not public
        return [(head, ""), (where + (f" – {note}" if note else ""), "")]

    def height(parts: list[tuple[str, str]]) -> float:
        return lh * sum(lines_of(x, W - (indent if i else 0)) for i, (x, _) in enumerate(parts))

    entries = [entry(s) for s in b.sources]
    heading(t("detail_sources", lang), height(entries[0]) if entries else lh)
    for parts in entries:
        keep(height(parts))
        for i, (x, link) in enumerate(parts):
            pdf.set_text_color(*((0, 70, 160) if link else (0, 0, 0)))
            text(x, link=link, indent=indent if i else 0)
        pdf.set_text_color(0, 0, 0)
    return pdf


def build_pdf(b: Briefing, rings=None) -> bytes:
    """The briefing as an A4 PDF: body text at BODY_PT on every page; what does not fit on the
    first page (mostly the events and sources) flows onto the next, never shrunk or cut."""
    locator = locator_png(rings if rings is not None else district_rings(None), b.detail.ags, b.fill_color)
    chart = funding_png(b.funding + b.modelled, b.lang)
    labels = [t(k, b.lang) for k in T if k.startswith(("briefing_", "detail_", "type_", "precision_"))]
    fonts = pdf_fonts(_texts(b) + labels)
    return bytes(_render(b, locator, chart, fonts).output())


def briefing_pdf(records: Records, ops: dict[str, Opening], center_id: str, *, meta: dict,
                 population: pd.DataFrame | None, lang: str = "de", today: date | None = None,
                 rings=None) -> bytes:
    """Convenience: collect the facts and build the PDF in one call."""
    b = briefing_data(records, ops, center_id, meta=meta, population=population, lang=lang, today=today)
    return build_pdf(b, rings)
