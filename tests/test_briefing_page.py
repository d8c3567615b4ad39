"""What the district page says, checked on the data every renderer prints (briefing.Briefing,
details.CenterDetail) for all 54 centres: each source listed once and only when the page cites it,
no file names or bare source ids in the prose, a funding chart whose texts neither overlap nor
leave the figure. The PDF itself (fonts, pages) is checked in tests/test_briefing.py."""
from __future__ import annotations

import re
from datetime import date

import pytest

from kirollout.model import geodata
from kirollout.model.facts import facts_for
from kirollout.model.rollout import openings
from kirollout.render import briefing, details, site
from kirollout.render.i18n import format_event_date

TODAY = date(2026, 11, 25)
CITE = re.compile(r"\[(src-[^\]\s]+)\]")


@pytest.fixture(scope="module")
def pages(records):
    ops = openings(records)
    meta = geodata.load_meta()
    return {cid: briefing.briefing_data(records, ops, cid, meta=meta, population=None, today=TODAY)
            for cid in ops}


def _prose(b: briefing.Briefing) -> list[str]:
    """Every text of the page but the source list: facts, funding, note, events."""
    return ([v for _, v in briefing.fact_rows(b)] + [briefing.funding_label(m, b.lang) for m in b.funding + b.modelled]
            + [b.modelled_note] + [briefing.event_text(e, b.lang) for e in b.detail.events])


def test_the_source_list_is_what_the_page_cites_once_per_document(pages):
    merged = 0
    for cid, b in pages.items():
        cited = {i for s in _prose(b) for i in CITE.findall(s)}
        listed = [i for s in b.sources for i in (s.source_id, *s.also)]
        assert len(listed) == len(set(listed)), cid
        assert set(listed) == cited, (cid, sorted(set(listed) ^ cited))
        urls = [s.url for s in b.sources if s.url]
        heads = [(s.title.casefold(), s.publisher.casefold()) for s in b.sources]
        assert len(urls) == len(set(urls)) and len(heads) == len(set(heads)), cid
        merged += sum(len(s.also) for s in b.sources)
    assert merged, "no document is recorded twice for one centre: the merge above never ran"


def test_rhein_sieg_lists_the_general_anzeiger_article_once(pages):
    b = pages["ki-05382"]
    same = [s for s in b.sources if s.title.startswith("Serap Güler lobt Arbeit")]
    assert len(same) == 1 and {same[0].source_id, *same[0].also} == {"src-024", "src-213"}
    page = site.sources_html(b.sources, "de")  # the site's district page (the PDF: tests/test_briefing.py)
    assert f"<li>{same[0].cite} <a" in page and page.count("Serap Güler lobt Arbeit") == 1


def test_count_bound_cites_the_count_and_names_the_later_centres(records, pages):
    ops = openings(records)
    bonn = facts_for(records, ops)["ki-05314"]
    bound = bonn.opening.counted_by
    assert bound is not None and len(bound.source_ids) > 1  # count + the later centres' openings
    d = pages["ki-05314"].detail
    (text, ids), = [(x, i) for x, i in d.bounds if "Landeszählung" in x]
    assert ids == [bound.source_ids[0]]
    assert all(n in text for n in ("Borken", "Coesfeld", "Kleve", "Steinfurt", "Viersen"))
    listed = {s.source_id for s in pages["ki-05314"].sources}
    assert not listed & set(bound.source_ids[1:]) - {m.source_id for m in pages["ki-05314"].modelled}
    # the app's panel and the public edition cite the same (one list: details.panel_items)
    items = [it for it in details.panel_items(d) if it.text == text]
    assert items and items[0].source_ids == (bound.source_ids[0],)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_file_names_or_bare_source_ids_in_the_prose(records, lang):
    ops = openings(records)
    meta = geodata.load_meta()
    inferred = 0
    for cid in ops:
        b = briefing.briefing_data(records, ops, cid, meta=meta, population=None, lang=lang, today=TODAY)
        # (the researchers' own note on a choice between openings, centers.csv, is quoted as written)
        panel = [it.text for it in details.panel_items(b.detail, lang) if it.text != b.detail.opening_choice_note]
        for s in _prose(b) + panel:
            assert ".csv" not in s, (cid, s)
            assert "src-" not in re.sub(r"\[[^\[\]]*\]", "", s), (cid, s)  # ids only as keys: "[src-811]"
            inferred += "aus den Quellen [" in s or "from sources [" in s
    assert inferred, "no erschlossen date in the records: the check never saw one"
    assert format_event_date({"date": "2019-08-28", "precision": "day", "inferred_from": "src-811 src-131"}) == \
        "28.08.2019 (erschlossen aus den Quellen [src-811], [src-131])"


def _boxes_clear(fig) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw(r)
    texts = [x for x in fig.findobj(lambda o: hasattr(o, "get_text") and hasattr(o, "get_window_extent"))
             if x.get_text() and x.get_visible()]
    boxes = [(x.get_text(), x.get_window_extent(r)) for x in texts]
    for name, bb in boxes:
        assert bb.x0 >= fig.bbox.x0 - 0.5 and bb.x1 <= fig.bbox.x1 + 0.5, name
        assert bb.y0 >= fig.bbox.y0 - 0.5 and bb.y1 <= fig.bbox.y1 + 0.5, name
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.overlaps(bb), (a, b)


def test_funding_chart_labels_are_readable_for_every_district(pages):
    charted = 0
    for cid, b in pages.items():
        lines = b.funding + b.modelled
        if not lines:
            continue
        fig = briefing.funding_figure(lines, "de")
        _boxes_clear(fig)
        sizes = {x.get_fontsize() for x in fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "get_text"))}
        assert min(sizes) >= 8, cid  # printed at its own size: 8 pt stays 8 pt on paper
        charted += 1
    assert charted > 40
